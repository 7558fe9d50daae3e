/* cbz-message-preview-group.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-message-preview-group.h"

struct _CbzMessagePreviewGroup
{
  AdwPreferencesGroup  parent_instance;

  CbzMessageSample    *sample;
  char                *counter;
  gboolean             rendered;

  GtkLabel            *extra_label;
  GtkLabel            *text_label;
  GtkLabel            *sample_note;
};

G_DEFINE_FINAL_TYPE (CbzMessagePreviewGroup, cbz_message_preview_group, ADW_TYPE_PREFERENCES_GROUP)

/* "148 characters · GSM-7 · 1 part", naming the character that forces
 * UCS-2 when one does. */
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

/* The subject of an e-mail, or the WhatsApp template and its values. */
static char *
describe_extra (const CbzMessageTemplate *template,
                const CbzRenderedMessage *rendered)
{
  GString *extra;

  if (template->channel == CBZ_CHANNEL_EMAIL)
    return g_strdup (rendered->subject);
  if (template->channel != CBZ_CHANNEL_WHATSAPP || template->wa_template == NULL)
    return NULL;

  extra = g_string_new (NULL);
  /* Translators: %s is the name of a WhatsApp template. */
  g_string_append_printf (extra, _("Template “%s”"), template->wa_template);
  for (guint i = 0; rendered->wa_params != NULL && rendered->wa_params[i] != NULL; i++)
    g_string_append_printf (extra, "\n{{%u}} = %s", i + 1, rendered->wa_params[i]);
  return g_string_free (extra, FALSE);
}

static void
show_text (CbzMessagePreviewGroup *self,
           const char             *text,
           const char             *style)
{
  gtk_label_set_label (self->text_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "dim-label");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_label), style);
}

static void
cbz_message_preview_group_dispose (GObject *object)
{
  CbzMessagePreviewGroup *self = CBZ_MESSAGE_PREVIEW_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_MESSAGE_PREVIEW_GROUP);
  g_clear_pointer (&self->sample, cbz_message_sample_free);
  g_clear_pointer (&self->counter, g_free);

  G_OBJECT_CLASS (cbz_message_preview_group_parent_class)->dispose (object);
}

static void
cbz_message_preview_group_class_init (CbzMessagePreviewGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_message_preview_group_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-message-preview-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzMessagePreviewGroup, extra_label);
  gtk_widget_class_bind_template_child (widget_class, CbzMessagePreviewGroup, text_label);
  gtk_widget_class_bind_template_child (widget_class, CbzMessagePreviewGroup, sample_note);
}

static void
cbz_message_preview_group_init (CbzMessagePreviewGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->sample = cbz_message_sample_new_example ();
  self->counter = g_strdup ("");
}

void
cbz_message_preview_group_set_sample (CbzMessagePreviewGroup *self,
                                      CbzMessageSample       *sample,
                                      gboolean                have_store)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CBZ_IS_MESSAGE_PREVIEW_GROUP (self));
  g_return_if_fail (sample != NULL);

  g_clear_pointer (&self->sample, cbz_message_sample_free);
  self->sample = sample;

  description = cbz_message_sample_describe (sample, have_store);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
  gtk_label_set_label (self->sample_note, sample->problem != NULL ? sample->problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->sample_note), sample->problem != NULL);
}

const CbzMessageSample *
cbz_message_preview_group_get_sample (CbzMessagePreviewGroup *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_PREVIEW_GROUP (self), NULL);

  return self->sample;
}

void
cbz_message_preview_group_show (CbzMessagePreviewGroup   *self,
                                const CbzMessageTemplate *template)
{
  g_autoptr(CbzRenderedMessage) rendered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *extra = NULL;

  g_return_if_fail (CBZ_IS_MESSAGE_PREVIEW_GROUP (self));

  self->rendered = FALSE;
  g_free (self->counter);
  self->counter = g_strdup ("");
  gtk_widget_set_visible (GTK_WIDGET (self->extra_label), FALSE);

  if (template == NULL)
    {
      show_text (self, _("Correct the problems marked above to see the message."), "dim-label");
      return;
    }

  rendered = cbz_message_template_render (template, self->sample->context, &error);
  if (rendered == NULL)
    {
      show_text (self, error->message, "error");
      return;
    }

  self->rendered = TRUE;
  show_text (self, rendered->body, NULL);
  g_free (self->counter);
  self->counter = format_counter (rendered->body, &rendered->sms);

  extra = describe_extra (template, rendered);
  if (extra != NULL)
    {
      gtk_label_set_label (self->extra_label, extra);
      gtk_widget_set_visible (GTK_WIDGET (self->extra_label), TRUE);
    }
}

const char *
cbz_message_preview_group_get_text (CbzMessagePreviewGroup *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_PREVIEW_GROUP (self), NULL);

  return self->rendered ? gtk_label_get_label (self->text_label) : NULL;
}

const char *
cbz_message_preview_group_get_counter_text (CbzMessagePreviewGroup *self)
{
  g_return_val_if_fail (CBZ_IS_MESSAGE_PREVIEW_GROUP (self), NULL);

  return self->counter;
}
