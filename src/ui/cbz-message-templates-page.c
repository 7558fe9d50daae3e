/* cbz-message-templates-page.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-company-profile.h"
#include "cbz-debtor-detail.h"
#include "cbz-debtor-list-model.h"
#include "cbz-message-template.h"
#include "cbz-message-templates-page.h"
#include "cbz-ui-format.h"
#include "cbz-window.h"

/* The one message the app sends today; the page edits its wordings. */
#define TEMPLATE_NAME "reminder"
#define SAVE_DELAY_MS 600
/* How many overdue customers to try before falling back to examples (all of
 * a customer's overdue invoices may be disputed). */
#define MAX_SAMPLE_TRIES 20

static const char * const languages[] = { "es", "en" };

typedef enum
{
  SAMPLE_NONE,      /* example values */
  SAMPLE_SELECTED,  /* the customer shown in the main window */
  SAMPLE_FIRST,     /* the first customer with something overdue */
} SampleKind;

struct _CbzMessageTemplatesPage
{
  AdwPreferencesPage   parent_instance;

  CbzStore            *store;
  CbzMessageTemplate  *template;   /* as loaded or last saved */
  GHashTable          *drafts;     /* "channel/language" -> CbzMessageTemplate with problems */
  CbzTemplateContext  *sample;
  gint64               sample_id;
  SampleKind           sample_kind;
  char                *sample_problem;
  GPtrArray           *param_rows; /* AdwEntryRow, in order */
  GtkWidget           *insert_target;
  char                *first_problem;
  guint                save_id;
  gboolean             loading;
  gboolean             dirty;
  gboolean             valid;

  AdwComboRow         *channel_row;
  AdwComboRow         *language_row;
  AdwPreferencesGroup *whatsapp_group;
  AdwEntryRow         *wa_template_row;
  AdwEntryRow         *wa_language_row;
  AdwPreferencesGroup *params_group;
  GtkLabel            *params_problem;
  AdwPreferencesGroup *subject_group;
  AdwEntryRow         *subject_row;
  GtkLabel            *subject_problem;
  AdwPreferencesGroup *text_group;
  GtkMenuButton       *variables_button;
  GtkTextView         *body_view;
  GtkLabel            *body_problem;
  GtkLabel            *counter_label;
  AdwPreferencesGroup *sms_group;
  GtkSwitch           *plain_switch;
  AdwPreferencesGroup *html_group;
  GtkTextView         *html_view;
  GtkLabel            *html_problem;
  AdwPreferencesGroup *preview_group;
  GtkLabel            *preview_extra;
  GtkLabel            *preview_label;
  GtkLabel            *sample_note;
  GtkLabel            *status_label;
};

G_DEFINE_FINAL_TYPE (CbzMessageTemplatesPage, cbz_message_templates_page, ADW_TYPE_PREFERENCES_PAGE)

static void update_page (CbzMessageTemplatesPage *self);

/* Helpers */

static CbzChannel
get_channel (CbzMessageTemplatesPage *self)
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

static const char *
get_language (CbzMessageTemplatesPage *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  return languages[selected < G_N_ELEMENTS (languages) ? selected : 0];
}

static char *
draft_key (CbzChannel  channel,
           const char *language)
{
  return g_strdup_printf ("%s/%s", cbz_channel_to_string (channel), language);
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
replace_string (char       **field,
                char        *value)
{
  g_free (*field);
  *field = value;
}

/* The template as the widgets show it: the loaded one with the fields of the
 * current channel replaced. */
static CbzMessageTemplate *
collect_template (CbzMessageTemplatesPage *self)
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
      g_clear_pointer (&template->wa_params, g_strfreev);
      if (self->param_rows->len > 0)
        {
          template->wa_params = g_new0 (char *, self->param_rows->len + 1);
          for (guint i = 0; i < self->param_rows->len; i++)
            {
              GtkEditable *row = g_ptr_array_index (self->param_rows, i);
              template->wa_params[i] = g_strdup (gtk_editable_get_text (row));
            }
        }
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
  GtkTextBuffer *buffer = view != NULL ? gtk_text_view_get_buffer (view) : NULL;

  if (buffer != NULL)
    cbz_ui_mark_template_problems (buffer, text, problems);

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

static void
remember_problem (CbzMessageTemplatesPage *self,
                  const char              *problem)
{
  if (problem != NULL && self->first_problem == NULL)
    self->first_problem = g_strdup (problem);
}

/* Marks every problem of the current channel's texts; TRUE when none. */
static gboolean
check_fields (CbzMessageTemplatesPage *self,
              CbzMessageTemplate      *template)
{
  g_autofree char *body_problem = NULL;
  g_autofree char *subject_problem = NULL;
  g_autofree char *html_problem = NULL;
  g_autofree char *params_problem = NULL;

  g_clear_pointer (&self->first_problem, g_free);

  if (template->channel == CBZ_CHANNEL_EMAIL)
    {
      subject_problem = check_text (template->subject != NULL ? template->subject : "", NULL);
      if (subject_problem == NULL && is_blank (template->subject))
        subject_problem = g_strdup (_("An email needs a subject"));
    }
  remember_problem (self, subject_problem);

  body_problem = check_text (template->body, self->body_view);
  if (body_problem == NULL && is_blank (template->body))
    body_problem = g_strdup (_("The message has no text"));
  remember_problem (self, body_problem);

  if (template->channel == CBZ_CHANNEL_EMAIL)
    html_problem = check_text (template->html != NULL ? template->html : "", self->html_view);
  remember_problem (self, html_problem);

  if (template->channel == CBZ_CHANNEL_WHATSAPP)
    {
      for (guint i = 0; i < self->param_rows->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (self->param_rows, i);
          g_autofree char *problem = check_text (template->wa_params[i], NULL);

          if (problem == NULL && is_blank (template->wa_params[i]))
            /* Translators: %u is the parameter's number, as in {{1}}. */
            problem = g_strdup_printf (_("Parameter {{%u}} is empty"), i + 1);
          else if (problem != NULL)
            {
              /* Translators: 1 the parameter's number, as in {{1}}; 2 the engine's message. */
              char *numbered = g_strdup_printf (_("Parameter {{%u}}: %s"), i + 1, problem);
              g_free (problem);
              problem = numbered;
            }

          if (problem != NULL)
            gtk_widget_add_css_class (row, "error");
          else
            gtk_widget_remove_css_class (row, "error");
          if (problem != NULL && params_problem == NULL)
            params_problem = g_steal_pointer (&problem);
        }
    }
  remember_problem (self, params_problem);

  /* Order on the page: parameters and subject above the text. */
  if (params_problem != NULL || subject_problem != NULL)
    {
      g_free (self->first_problem);
      self->first_problem = g_strdup (params_problem != NULL ? params_problem : subject_problem);
    }

  show_problem (self->subject_problem, subject_problem);
  show_problem (self->body_problem, body_problem);
  show_problem (self->html_problem, html_problem);
  show_problem (self->params_problem, params_problem);
  return self->first_problem == NULL;
}

static char *
format_counter (const char        *text,
                const CbzSmsCount *count)
{
  glong n_chars = g_utf8_strlen (text, -1);
  g_autofree char *chars = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *parts = NULL;

  chars = g_strdup_printf (ngettext ("%ld character", "%ld characters", n_chars), n_chars);
  if (count->encoding == CBZ_SMS_ENCODING_UCS2 && count->first_non_gsm != 0)
    {
      gunichar c = count->first_non_gsm;
      char shown[16] = { 0 };

      /* An invisible one (a no-break space from a money format) is named by
       * its code point, or the person sees only empty quotes. */
      if (g_unichar_isgraph (c))
        g_unichar_to_utf8 (c, shown);
      else
        g_snprintf (shown, sizeof shown, "U+%04X", c);
      /* Translators: the SMS encoding and the first character that forces it. */
      encoding = g_strdup_printf (_("UCS-2 because of “%s”"), shown);
    }
  else
    encoding = g_strdup (count->encoding == CBZ_SMS_ENCODING_UCS2 ? "UCS-2" : "GSM-7");
  parts = g_strdup_printf (ngettext ("%u part", "%u parts", count->parts), count->parts);

  /* Translators: "148 characters · GSM-7 · 1 part". */
  return g_strdup_printf (_("%s · %s · %s"), chars, encoding, parts);
}

static void
show_preview (CbzMessageTemplatesPage *self,
              CbzMessageTemplate      *template,
              gboolean                 valid)
{
  g_autoptr(CbzRenderedMessage) rendered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counter = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->preview_extra), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "dim-label");

  if (!valid)
    {
      gtk_label_set_label (self->preview_label, _("Correct the problems marked above to see the message."));
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
      gtk_label_set_label (self->counter_label, "");
      return;
    }

  rendered = self->sample != NULL ? cbz_message_template_render (template, self->sample, &error) : NULL;
  if (rendered == NULL)
    {
      gtk_label_set_label (self->preview_label, error != NULL ? error->message : "");
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "error");
      gtk_label_set_label (self->counter_label, "");
      return;
    }

  gtk_label_set_label (self->preview_label, rendered->body);
  counter = format_counter (rendered->body, &rendered->sms);
  gtk_label_set_label (self->counter_label, counter);

  if (template->channel == CBZ_CHANNEL_EMAIL && rendered->subject != NULL)
    {
      gtk_label_set_label (self->preview_extra, rendered->subject);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_extra), TRUE);
    }
  else if (template->channel == CBZ_CHANNEL_WHATSAPP && template->wa_template != NULL)
    {
      GString *extra = g_string_new (NULL);

      /* Translators: %s is the name of a WhatsApp template. */
      g_string_append_printf (extra, _("Template “%s”"), template->wa_template);
      for (guint i = 0; rendered->wa_params != NULL && rendered->wa_params[i] != NULL; i++)
        g_string_append_printf (extra, "\n{{%u}} = %s", i + 1, rendered->wa_params[i]);
      gtk_label_set_label (self->preview_extra, extra->str);
      gtk_widget_set_visible (GTK_WIDGET (self->preview_extra), TRUE);
      g_string_free (extra, TRUE);
    }
}

static void
show_status (CbzMessageTemplatesPage *self)
{
  const char *status;

  if (self->template == NULL)
    status = "";
  else if (self->dirty && !self->valid)
    status = _("Not saved: correct the problems marked above");
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
static void
update_page (CbzMessageTemplatesPage *self)
{
  g_autoptr(CbzMessageTemplate) template = collect_template (self);

  if (template == NULL)
    return;
  self->valid = check_fields (self, template);
  show_preview (self, template, self->valid);
  gtk_widget_set_visible (GTK_WIDGET (self->counter_label),
                          template->channel == CBZ_CHANNEL_SMS &&
                          *gtk_label_get_label (self->counter_label) != '\0');
  show_status (self);
}

static void
on_focus_enter_cb (GtkEventControllerFocus *controller,
                   CbzMessageTemplatesPage *self)
{
  self->insert_target = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
}

static void
track_focus (CbzMessageTemplatesPage *self,
             GtkWidget               *widget)
{
  GtkEventController *controller = gtk_event_controller_focus_new ();

  g_signal_connect_object (controller, "enter", G_CALLBACK (on_focus_enter_cb), self, 0);
  gtk_widget_add_controller (widget, controller);
}

static void on_text_changed_cb (CbzMessageTemplatesPage *self);

static void
number_param_rows (CbzMessageTemplatesPage *self)
{
  for (guint i = 0; i < self->param_rows->len; i++)
    {
      g_autofree char *title = g_strdup_printf ("{{%u}}", i + 1);
      adw_preferences_row_set_title (g_ptr_array_index (self->param_rows, i), title);
    }
}

static void
on_remove_param_clicked_cb (GtkButton               *button,
                            CbzMessageTemplatesPage *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);

  if (row == NULL || !g_ptr_array_remove (self->param_rows, row))
    return;
  if (self->insert_target == row)
    self->insert_target = GTK_WIDGET (self->body_view);
  adw_preferences_group_remove (self->params_group, row);
  number_param_rows (self);
  on_text_changed_cb (self);
}

static GtkWidget *
add_param_row (CbzMessageTemplatesPage *self,
               const char              *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Parameter"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Parameter"), -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_param_clicked_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_object (row, "changed", G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
  track_focus (self, row);

  adw_preferences_group_add (self->params_group, row);
  g_ptr_array_add (self->param_rows, row);
  number_param_rows (self);
  return row;
}

static void
clear_param_rows (CbzMessageTemplatesPage *self)
{
  for (guint i = 0; i < self->param_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->param_rows, i);

      if (self->insert_target == row)
        self->insert_target = GTK_WIDGET (self->body_view);
      adw_preferences_group_remove (self->params_group, row);
    }
  g_ptr_array_set_size (self->param_rows, 0);
}

static void
show_template (CbzMessageTemplatesPage *self,
               CbzMessageTemplate      *template,
               gboolean                 dirty)
{
  g_clear_pointer (&self->template, cbz_message_template_free);
  self->template = template;
  self->dirty = dirty;

  self->loading = TRUE;
  set_buffer_text (self->body_view, template->body);
  set_buffer_text (self->html_view, template->html);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), template->subject != NULL ? template->subject : "");
  gtk_editable_set_text (GTK_EDITABLE (self->wa_template_row),
                         template->wa_template != NULL ? template->wa_template : "");
  gtk_editable_set_text (GTK_EDITABLE (self->wa_language_row),
                         template->wa_language != NULL ? template->wa_language : "");
  gtk_switch_set_active (self->plain_switch, template->sms_plain);
  clear_param_rows (self);
  for (guint i = 0; template->wa_params != NULL && template->wa_params[i] != NULL; i++)
    add_param_row (self, template->wa_params[i]);
  self->loading = FALSE;

  show_channel (self, template->channel);
  update_page (self);
}

static void
load_current (CbzMessageTemplatesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  CbzMessageTemplate *template = NULL;
  CbzChannel channel = get_channel (self);
  const char *language = get_language (self);
  gpointer stolen_key;
  gpointer draft;

  key = draft_key (channel, language);
  if (g_hash_table_steal_extended (self->drafts, key, &stolen_key, &draft))
    {
      g_free (stolen_key);
      show_template (self, draft, TRUE);
      return;
    }

  if (self->store != NULL)
    template = cbz_message_template_load (self->store, TEMPLATE_NAME, channel, language, &error);
  else
    template = cbz_message_template_load_builtin (TEMPLATE_NAME, channel, language, &error);
  if (template == NULL)
    {
      g_warning ("%s", error->message);
      template = cbz_message_template_new (TEMPLATE_NAME, channel, language);
      template->builtin = TRUE;
      template->body = g_strdup ("");
    }
  /* Wordings that fall back to Spanish still belong to the language shown. */
  replace_string (&template->language, g_strdup (language));
  show_template (self, template, FALSE);
}

/* Keeps what was typed for the template shown: saved when it can be, held
 * as a draft for this window otherwise. */
static void
put_away_current (CbzMessageTemplatesPage *self)
{
  g_autoptr(CbzMessageTemplate) template = NULL;
  g_autofree char *key = NULL;

  if (self->template == NULL || !self->dirty)
    return;
  if (cbz_message_templates_page_save (self, NULL))
    return;

  template = collect_template (self);
  if (template == NULL)
    return;
  key = draft_key (template->channel, template->language);
  g_hash_table_replace (self->drafts, g_steal_pointer (&key), g_steal_pointer (&template));
}

static char *
describe_sample (CbzMessageTemplatesPage *self)
{
  const char *name = self->sample != NULL ? cbz_template_context_get (self->sample, CBZ_TEMPLATE_VAR_NAME) : NULL;

  switch (self->sample_kind)
    {
    case SAMPLE_SELECTED:
      /* Translators: %s is a customer's name. */
      return g_strdup_printf (_("For %s, the customer shown in the main window."), name);
    case SAMPLE_FIRST:
      /* Translators: %s is a customer's name. */
      return g_strdup_printf (_("For %s, the first customer with something overdue."), name);
    case SAMPLE_NONE:
    default:
      return g_strdup (self->store != NULL ? _("With example values: no customer has anything overdue.")
                                           : _("With example values: no portfolio is open."));
    }
}

static gint64
find_debtor_detail (GtkWidget *widget)
{
  if (CBZ_IS_DEBTOR_DETAIL (widget))
    return cbz_debtor_detail_get_debtor_id (CBZ_DEBTOR_DETAIL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gint64 id = find_debtor_detail (child);

      if (id > 0)
        return id;
    }
  return 0;
}

/* The customer the main window shows, when Preferences were opened from it. */
static gint64
find_selected_debtor (CbzMessageTemplatesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

  return CBZ_IS_WINDOW (parent) ? find_debtor_detail (GTK_WIDGET (parent)) : 0;
}

static const char *
get_example (CbzTemplateVar var)
{
  guint n_variables;
  const CbzTemplateVariable *variables = cbz_template_get_variables (&n_variables);

  for (guint i = 0; i < n_variables; i++)
    if (variables[i].id == var)
      return variables[i].example;
  return "";
}

static CbzTemplateContext *
new_example_context (void)
{
  CbzTemplateContext *context = cbz_template_context_new ();
  guint n_variables;
  const CbzTemplateVariable *variables = cbz_template_get_variables (&n_variables);

  for (guint i = 0; i < n_variables; i++)
    cbz_template_context_set (context, variables[i].id, variables[i].example);
  return context;
}

static gboolean
try_sample (CbzMessageTemplatesPage *self,
            gint64                   debtor_id,
            CbzTemplateContext      *company,
            SampleKind               kind)
{
  CbzTemplateContext *context;

  if (debtor_id <= 0)
    return FALSE;
  context = cbz_message_context_new_for_debtor (self->store, debtor_id, company, NULL, NULL);
  if (context == NULL)
    return FALSE;

  g_clear_pointer (&self->sample, cbz_template_context_unref);
  self->sample = context;
  self->sample_id = debtor_id;
  self->sample_kind = kind;
  return TRUE;
}

/* A few small reads: the company, one customer and their invoices, and the
 * ordered ids of the overdue list (built to take milliseconds). */
static void
load_sample (CbzMessageTemplatesPage *self)
{
  g_autoptr(CbzTemplateContext) company = NULL;
  g_autoptr(CbzDebtorListModel) overdue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  gboolean found = FALSE;

  g_clear_pointer (&self->sample, cbz_template_context_unref);
  g_clear_pointer (&self->sample_problem, g_free);
  self->sample_id = 0;
  self->sample_kind = SAMPLE_NONE;

  if (self->store != NULL)
    {
      company = cbz_company_profile_load_sender_context (self->store, &error);
      if (company == NULL)
        {
          /* Still show the message, and say what sending would need. */
          self->sample_problem = g_strdup (error->message);
          company = cbz_template_context_new ();
          cbz_template_context_set (company, CBZ_TEMPLATE_VAR_COMPANY, get_example (CBZ_TEMPLATE_VAR_COMPANY));
        }

      found = try_sample (self, find_selected_debtor (self), company, SAMPLE_SELECTED);
      if (!found)
        {
          overdue = cbz_debtor_list_model_new (self->store);
          cbz_debtor_list_model_set_aging_filter (overdue, CBZ_AGING_FILTER_OVERDUE);
          cbz_debtor_list_model_set_sort_key (overdue, CBZ_DEBTOR_SORT_NAME);
          for (guint i = 0; !found && i < MAX_SAMPLE_TRIES; i++)
            {
              gint64 id = cbz_debtor_list_model_get_id (overdue, i);

              if (id == 0)
                break;
              found = try_sample (self, id, company, SAMPLE_FIRST);
            }
        }
    }
  if (!found)
    self->sample = new_example_context ();

  description = describe_sample (self);
  adw_preferences_group_set_description (self->preview_group, description);
  show_problem (self->sample_note, self->sample_problem);
}

static void
build_variables_menu (CbzMessageTemplatesPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  gboolean english = g_str_equal (get_language (self), "en");
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

static void
create_variables_popup_cb (GtkMenuButton *button,
                           gpointer       user_data)
{
  build_variables_menu (CBZ_MESSAGE_TEMPLATES_PAGE (user_data));
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  CbzMessageTemplatesPage *self = user_data;

  self->save_id = 0;
  cbz_message_templates_page_save (self, NULL);
  return G_SOURCE_REMOVE;
}

/* Callbacks */

static void
on_text_changed_cb (CbzMessageTemplatesPage *self)
{
  if (self->loading || self->template == NULL)
    return;

  self->dirty = TRUE;
  update_page (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->valid && self->store != NULL)
    self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
on_selection_changed_cb (CbzMessageTemplatesPage *self)
{
  if (self->template != NULL &&
      self->template->channel == get_channel (self) &&
      g_str_equal (self->template->language, get_language (self)))
    return;

  g_clear_handle_id (&self->save_id, g_source_remove);
  put_away_current (self);
  load_current (self);
  /* Names follow the language; the menu is built on first use. */
  if (gtk_menu_button_get_menu_model (self->variables_button) != NULL)
    build_variables_menu (self);
}

static void
on_store_changed_cb (CbzMessageTemplatesPage *self)
{
  /* The company or the customers may have changed: re-render, cheaply. */
  if (self->loading)
    return;
  load_sample (self);
  update_page (self);
}

static void
insert_variable_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (widget);
  g_autofree char *placeholder = g_strdup_printf ("{{%s}}", g_variant_get_string (parameter, NULL));
  GtkWidget *target = self->insert_target;

  if (target == NULL || !gtk_widget_get_mapped (target))
    target = GTK_WIDGET (self->body_view);

  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (target));

      gtk_text_buffer_insert_at_cursor (buffer, placeholder, -1);
    }
  else if (GTK_IS_EDITABLE (target))
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (target));

      gtk_editable_insert_text (GTK_EDITABLE (target), placeholder, -1, &position);
      gtk_editable_set_position (GTK_EDITABLE (target), position);
    }
  gtk_widget_grab_focus (target);
}

static void
add_parameter_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (widget);
  GtkWidget *row = add_param_row (self, "");

  gtk_widget_grab_focus (row);
  on_text_changed_cb (self);
}

static void
on_reset_response_cb (AdwMessageDialog        *dialog,
                      const char              *response,
                      CbzMessageTemplatesPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (!g_str_equal (response, "reset") || self->store == NULL || self->template == NULL)
    return;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!cbz_message_template_reset (self->store, TEMPLATE_NAME, self->template->channel,
                                   self->template->language, &error))
    {
      AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

      if (ADW_IS_PREFERENCES_WINDOW (window))
        adw_preferences_window_add_toast (window, adw_toast_new (error->message));
      else
        g_warning ("%s", error->message);
      return;
    }
  key = draft_key (self->template->channel, self->template->language);
  g_hash_table_remove (self->drafts, key);
  g_clear_pointer (&self->template, cbz_message_template_free);
  load_current (self);
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

  GTK_WIDGET_CLASS (cbz_message_templates_page_parent_class)->map (widget);

  if (self->store == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

      if (CBZ_IS_WINDOW (parent) && cbz_window_get_store (CBZ_WINDOW (parent)) != NULL)
        cbz_message_templates_page_set_store (self, cbz_window_get_store (CBZ_WINDOW (parent)));
    }
}

static void
cbz_message_templates_page_dispose (GObject *object)
{
  CbzMessageTemplatesPage *self = CBZ_MESSAGE_TEMPLATES_PAGE (object);

  /* Keep what was typed in the last moment before closing. */
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->dirty && self->valid && self->store != NULL)
    cbz_message_templates_page_save (self, NULL);
  /* Nothing the children say while going away is an edit. */
  self->loading = TRUE;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  self->insert_target = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_MESSAGE_TEMPLATES_PAGE);
  g_clear_pointer (&self->param_rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->template, cbz_message_template_free);
  g_clear_pointer (&self->drafts, g_hash_table_unref);
  g_clear_pointer (&self->sample, cbz_template_context_unref);
  g_clear_pointer (&self->sample_problem, g_free);
  g_clear_pointer (&self->first_problem, g_free);

  G_OBJECT_CLASS (cbz_message_templates_page_parent_class)->dispose (object);
}

static void
cbz_message_templates_page_class_init (CbzMessageTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_message_templates_page_dispose;
  widget_class->map = cbz_message_templates_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-message-templates-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CbzMessageTemplatesPage, name)
  BIND (channel_row);
  BIND (language_row);
  BIND (whatsapp_group);
  BIND (wa_template_row);
  BIND (wa_language_row);
  BIND (params_group);
  BIND (params_problem);
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
  BIND (preview_extra);
  BIND (preview_label);
  BIND (sample_note);
  BIND (status_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_install_action (widget_class, "templates.insert-variable", "s", insert_variable_action_cb);
  gtk_widget_class_install_action (widget_class, "templates.add-parameter", NULL, add_parameter_action_cb);
  gtk_widget_class_install_action (widget_class, "templates.reset", NULL, reset_action_cb);
}

static void
cbz_message_templates_page_init (CbzMessageTemplatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cbz_message_template_free);
  self->param_rows = g_ptr_array_new ();
  self->insert_target = GTK_WIDGET (self->body_view);

  for (guint i = 0; i < 2; i++)
    {
      GtkTextView *view = i == 0 ? self->body_view : self->html_view;
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

      gtk_text_buffer_create_tag (buffer, "problem", "underline", PANGO_UNDERLINE_ERROR, NULL);
      g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
      track_focus (self, GTK_WIDGET (view));
    }
  track_focus (self, GTK_WIDGET (self->subject_row));
  track_focus (self, GTK_WIDGET (self->wa_template_row));
  track_focus (self, GTK_WIDGET (self->wa_language_row));

  gtk_menu_button_set_create_popup_func (self->variables_button, create_variables_popup_cb, self, NULL);
  load_sample (self);
  load_current (self);
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

  g_clear_handle_id (&self->save_id, g_source_remove);
  put_away_current (self);
  /* Drafts belong to the portfolio they were typed for. */
  g_hash_table_remove_all (self->drafts);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);

  g_clear_pointer (&self->template, cbz_message_template_free);
  load_sample (self);
  load_current (self);
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
  g_autoptr(CbzMessageTemplate) template = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->store == NULL || self->template == NULL)
    {
      g_set_error_literal (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOT_FOUND,
                           _("No portfolio is open"));
      return FALSE;
    }

  template = collect_template (self);
  if (!check_fields (self, template))
    {
      self->valid = FALSE;
      show_status (self);
      g_set_error_literal (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                           self->first_problem);
      return FALSE;
    }

  if (!cbz_message_template_save (template, self->store, &local_error))
    {
      AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

      if (ADW_IS_PREFERENCES_WINDOW (window))
        adw_preferences_window_add_toast (window, adw_toast_new (local_error->message));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_clear_pointer (&self->template, cbz_message_template_free);
  self->template = g_steal_pointer (&template);
  self->dirty = FALSE;
  self->valid = TRUE;
  show_status (self);
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

  if (!self->valid || gtk_widget_has_css_class (GTK_WIDGET (self->preview_label), "error"))
    return NULL;
  return gtk_label_get_label (self->preview_label);
}

gint64
cbz_message_templates_page_get_sample_debtor (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), 0);

  return self->sample_id;
}

gboolean
cbz_message_templates_page_get_dirty (CbzMessageTemplatesPage *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_TEMPLATES_PAGE (self), FALSE);

  return self->dirty;
}
