/* cbz-preferences-window.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-letter-preferences-page.h"
#include "cbz-message-templates-page.h"
#include "cbz-preferences-window.h"
#include "cbz-provider-preferences-page.h"

struct _CbzPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwComboRow          *currency_row;
  AdwComboRow          *country_row;
};

G_DEFINE_FINAL_TYPE (CbzPreferencesWindow, cbz_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Codes stored in GSettings, in the order of the rows' string lists in the
 * template; NULL-terminated for the mapping callbacks. */
static const char *currency_codes[] = { "MXN", "USD", "CLP", "COP", "PEN", "ARS", "BRL", NULL };
static const char *country_codes[] = { "MX", "CL", "CO", "PE", "AR", "BR", "US", NULL };

static gboolean
code_to_position_cb (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const char **codes = user_data;
  const char *code = g_variant_get_string (variant, NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (g_str_equal (codes[i], code))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
position_to_code_cb (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  const char **codes = user_data;
  guint position = g_value_get_uint (value);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (i == position)
        return g_variant_new_string (codes[i]);
    }
  return NULL;
}

static void
bind_codes (CbzPreferencesWindow *self,
            const char           *key,
            AdwComboRow          *row,
            const char          **codes)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                code_to_position_cb, position_to_code_cb, codes, NULL);
}

static void
cbz_preferences_window_dispose (GObject *object)
{
  CbzPreferencesWindow *self = CBZ_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cbz_preferences_window_parent_class)->dispose (object);
}

static void
cbz_preferences_window_class_init (CbzPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cbz-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, CbzPreferencesWindow, country_row);
}

static void
cbz_preferences_window_init (CbzPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  bind_codes (self, "default-currency", self->currency_row, currency_codes);
  bind_codes (self, "default-country", self->country_row, country_codes);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (cbz_provider_preferences_page_new ()));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (cbz_letter_preferences_page_new ()));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (cbz_message_templates_page_new ()));
}

CbzPreferencesWindow *
cbz_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (CBZ_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
