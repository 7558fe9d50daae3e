/* cbz-message-params-group.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-message-params-group.h"
#include "cbz-template.h"

struct _CbzMessageParamsGroup
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *rows; /* AdwEntryRow, in order */
  gboolean             quiet;

  GtkLabel            *problem_label;
};

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CbzMessageParamsGroup, cbz_message_params_group, ADW_TYPE_PREFERENCES_GROUP)

static void
number_rows (CbzMessageParamsGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *title = g_strdup_printf ("{{%u}}", i + 1);

      adw_preferences_row_set_title (g_ptr_array_index (self->rows, i), title);
    }
}

static void
emit_changed (CbzMessageParamsGroup *self)
{
  if (!self->quiet)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* The first problem of one parameter as a sentence, or NULL. */
static char *
check_param (const char *text,
             guint       number)
{
  g_autoptr(GPtrArray) problems = cbz_template_check (text);
  const char *blank = text;

  if (problems->len > 0)
    /* Translators: 1 the parameter's number, as in {{1}}; 2 the engine's message. */
    return g_strdup_printf (_("Parameter {{%u}}: %s"), number,
                            ((CbzTemplateDiagnostic *) g_ptr_array_index (problems, 0))->message);

  while (*blank != '\0' && g_unichar_isspace (g_utf8_get_char (blank)))
    blank = g_utf8_next_char (blank);
  if (*blank == '\0')
    /* Translators: %u is the parameter's number, as in {{1}}. */
    return g_strdup_printf (_("Parameter {{%u}} is empty"), number);
  return NULL;
}

static void
on_remove_clicked_cb (GtkButton             *button,
                      CbzMessageParamsGroup *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);

  if (row == NULL || !g_ptr_array_remove (self->rows, row))
    return;
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
  number_rows (self);
  emit_changed (self);
}

static GtkWidget *
append_row (CbzMessageParamsGroup *self,
            const char            *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Parameter"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Parameter"), -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  g_signal_connect_object (row, "changed", G_CALLBACK (emit_changed), self, G_CONNECT_SWAPPED);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
  number_rows (self);
  return row;
}

static void
clear_rows (CbzMessageParamsGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cbz_message_params_group_add (CBZ_MESSAGE_PARAMS_GROUP (widget), "");
}

static void
cbz_message_params_group_dispose (GObject *object)
{
  CbzMessageParamsGroup *self = CBZ_MESSAGE_PARAMS_GROUP (object);

  /* Rows going away are not edits. */
  self->quiet = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_MESSAGE_PARAMS_GROUP);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cbz_message_params_group_parent_class)->dispose (object);
}

static void
cbz_message_params_group_class_init (CbzMessageParamsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_message_params_group_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-message-params-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzMessageParamsGroup, problem_label);
  gtk_widget_class_install_action (widget_class, "params.add", NULL, add_action_cb);
}

static void
cbz_message_params_group_init (CbzMessageParamsGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
}

void
cbz_message_params_group_set_params (CbzMessageParamsGroup *self,
                                     char * const          *params)
{
  g_return_if_fail (CBZ_IS_MESSAGE_PARAMS_GROUP (self));

  self->quiet = TRUE;
  clear_rows (self);
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    append_row (self, params[i]);
  self->quiet = FALSE;
}

char **
cbz_message_params_group_dup_params (CbzMessageParamsGroup *self)
{
  char **params;

  g_return_val_if_fail (CBZ_IS_MESSAGE_PARAMS_GROUP (self), NULL);

  if (self->rows->len == 0)
    return NULL;
  params = g_new0 (char *, self->rows->len + 1);
  for (guint i = 0; i < self->rows->len; i++)
    params[i] = g_strdup (gtk_editable_get_text (g_ptr_array_index (self->rows, i)));
  return params;
}

GtkWidget *
cbz_message_params_group_add (CbzMessageParamsGroup *self,
                              const char            *text)
{
  GtkWidget *row;

  g_return_val_if_fail (CBZ_IS_MESSAGE_PARAMS_GROUP (self), NULL);

  row = append_row (self, text);
  gtk_widget_grab_focus (row);
  emit_changed (self);
  return row;
}

char *
cbz_message_params_group_check (CbzMessageParamsGroup *self)
{
  g_autofree char *first = NULL;

  g_return_val_if_fail (CBZ_IS_MESSAGE_PARAMS_GROUP (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      g_autofree char *problem = check_param (gtk_editable_get_text (GTK_EDITABLE (row)), i + 1);

      if (problem != NULL)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
      if (problem != NULL && first == NULL)
        first = g_steal_pointer (&problem);
    }

  gtk_label_set_label (self->problem_label, first != NULL ? first : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), first != NULL);
  return g_steal_pointer (&first);
}
