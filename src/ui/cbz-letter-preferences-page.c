/* cbz-letter-preferences-page.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cbz-company-profile.h"
#include "cbz-letter-image.h"
#include "cbz-letter-preferences-page.h"
#include "cbz-template.h"
#include "cbz-window.h"

#define SAVE_DELAY_MS 400

struct _CbzLetterPreferencesPage
{
  AdwPreferencesPage  parent_instance;

  CbzStore           *store;
  CbzCompanyProfile  *profile;
  guint               save_id;
  gboolean            loading;

  AdwEntryRow        *name_row;
  AdwEntryRow        *tax_id_row;
  AdwEntryRow        *street_row;
  AdwEntryRow        *town_row;
  AdwEntryRow        *city_row;
  AdwEntryRow        *phone_row;
  AdwEntryRow        *email_row;
  AdwEntryRow        *website_row;
  AdwEntryRow        *signer_row;
  AdwEntryRow        *signer_title_row;
  AdwEntryRow        *bank_row;
  AdwEntryRow        *holder_row;
  AdwEntryRow        *account_label_row;
  AdwEntryRow        *account_row;
  AdwEntryRow        *reference_row;
  AdwEntryRow        *link_row;
  GtkPicture         *logo_picture;
  GtkPicture         *signature_picture;
  AdwComboRow        *paper_row;
  GtkSpinButton      *rate_spin;
  AdwComboRow        *period_row;
};

G_DEFINE_FINAL_TYPE (CbzLetterPreferencesPage, cbz_letter_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

/* Text rows and the profile fields they edit. */
#define FIELD(row, field) { G_STRUCT_OFFSET (CbzLetterPreferencesPage, row), G_STRUCT_OFFSET (CbzCompanyProfile, field) }
static const struct { gsize row; gsize field; } text_fields[] = {
  FIELD (name_row, name),
  FIELD (tax_id_row, tax_id),
  FIELD (city_row, city),
  FIELD (phone_row, phone),
  FIELD (email_row, email),
  FIELD (website_row, website),
  FIELD (signer_row, signer_name),
  FIELD (signer_title_row, signer_title),
  FIELD (bank_row, bank),
  FIELD (holder_row, account_holder),
  FIELD (account_label_row, account_label),
  FIELD (account_row, account),
  FIELD (reference_row, reference_pattern),
  FIELD (link_row, payment_link_pattern),
};
#undef FIELD

static GtkEditable *
row_at (CbzLetterPreferencesPage *self,
        gsize                     offset)
{
  return GTK_EDITABLE (G_STRUCT_MEMBER (AdwEntryRow *, self, offset));
}

/* The image as letters draw it (PNG, or SVG drawn for a 48 × 20 mm box at
 * 300 dpi), or NULL with a reason when letters could not use it. */
static GdkTexture *
texture_for_letters (GBytes  *image,
                     GError **error)
{
  cairo_surface_t *surface;
  g_autoptr(GBytes) pixels = NULL;
  GdkTexture *texture;
  int height;

  surface = cbz_letter_image_decode (image, 48.0 * 72.0 / 25.4, 20.0 * 72.0 / 25.4, error);
  if (surface == NULL)
    return NULL;
  if (cairo_image_surface_get_format (surface) != CAIRO_FORMAT_ARGB32 &&
      cairo_image_surface_get_format (surface) != CAIRO_FORMAT_RGB24)
    {
      /* Grey or indexed PNGs: letters convert them too. */
      cairo_surface_t *argb = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                          cairo_image_surface_get_width (surface),
                                                          cairo_image_surface_get_height (surface));
      cairo_t *cr = cairo_create (argb);

      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      surface = argb;
    }
  cairo_surface_flush (surface);
  height = cairo_image_surface_get_height (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) * (gsize) height);
  /* cairo's ARGB32 is premultiplied BGRA in memory on little-endian machines. */
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                    GDK_MEMORY_DEFAULT, pixels,
                                    (gsize) cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

static void
show_image (GtkPicture *picture,
            GBytes     *image)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (image != NULL)
    texture = texture_for_letters (image, NULL);
  gtk_picture_set_paintable (picture, texture != NULL ? GDK_PAINTABLE (texture) : NULL);
}

/* A pattern with a bad placeholder is marked on its row and not saved. */
static gboolean
check_pattern (AdwEntryRow *row)
{
  g_autoptr(GPtrArray) problems = cbz_template_check (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (problems->len > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row),
                                   ((CbzTemplateDiagnostic *) g_ptr_array_index (problems, 0))->message);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
  return TRUE;
}

static void
read_rows (CbzLetterPreferencesPage *self)
{
  CbzCompanyProfile *p = self->profile;
  const char *street = gtk_editable_get_text (GTK_EDITABLE (self->street_row));
  const char *town = gtk_editable_get_text (GTK_EDITABLE (self->town_row));

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      char **field = G_STRUCT_MEMBER_P (p, text_fields[i].field);
      const char *text = gtk_editable_get_text (row_at (self, text_fields[i].row));

      g_free (*field);
      *field = *text != '\0' ? g_strstrip (g_strdup (text)) : NULL;
    }
  g_free (p->address);
  p->address = *street != '\0' || *town != '\0' ? g_strdup_printf ("%s\n%s", street, town) : NULL;
  p->paper = adw_combo_row_get_selected (self->paper_row) == 1 ? CBZ_PAPER_LETTER : CBZ_PAPER_A4;
  p->late_fee_rate_bp = (gint64) (gtk_spin_button_get_value (self->rate_spin) * 100.0 + 0.5);
  p->late_fee_kind = p->late_fee_rate_bp > 0 ? CBZ_LATE_FEE_SIMPLE_INTEREST : CBZ_LATE_FEE_NONE;
  p->late_fee_period = adw_combo_row_get_selected (self->period_row) == 1 ? CBZ_LATE_FEE_PERIOD_ANNUAL
                                                                          : CBZ_LATE_FEE_PERIOD_MONTHLY;
}

static void
save_now (CbzLetterPreferencesPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->store == NULL || self->profile == NULL)
    return;
  if (!check_pattern (self->reference_row) | !check_pattern (self->link_row))
    return;
  read_rows (self);
  if (!cbz_company_profile_save (self->profile, self->store, &error))
    g_warning ("%s", error->message);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  CbzLetterPreferencesPage *self = user_data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_row_changed_cb (CbzLetterPreferencesPage *self)
{
  if (self->loading || self->store == NULL)
    return;
  check_pattern (self->reference_row);
  check_pattern (self->link_row);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static void
load_profile (CbzLetterPreferencesPage *self)
{
  g_autoptr(GError) error = NULL;
  CbzCompanyProfile *p;
  g_auto(GStrv) address = NULL;

  g_clear_pointer (&self->profile, cbz_company_profile_free);
  self->profile = cbz_company_profile_load (self->store, &error);
  if (self->profile == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  p = self->profile;

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      char **field = G_STRUCT_MEMBER_P (p, text_fields[i].field);
      gtk_editable_set_text (row_at (self, text_fields[i].row), *field != NULL ? *field : "");
    }
  /* The first line is the street; the rest, the postal line. */
  address = g_strsplit (p->address != NULL ? p->address : "", "\n", 2);
  gtk_editable_set_text (GTK_EDITABLE (self->street_row), address[0] != NULL ? address[0] : "");
  gtk_editable_set_text (GTK_EDITABLE (self->town_row),
                         address[0] != NULL && address[1] != NULL ? address[1] : "");
  adw_combo_row_set_selected (self->paper_row, p->paper == CBZ_PAPER_LETTER ? 1 : 0);
  gtk_spin_button_set_value (self->rate_spin, p->late_fee_kind == CBZ_LATE_FEE_SIMPLE_INTEREST
                                                ? p->late_fee_rate_bp / 100.0 : 0.0);
  adw_combo_row_set_selected (self->period_row, p->late_fee_period == CBZ_LATE_FEE_PERIOD_ANNUAL ? 1 : 0);
  show_image (self->logo_picture, p->logo_png);
  show_image (self->signature_picture, p->signature_png);
  self->loading = FALSE;
}

typedef struct
{
  CbzLetterPreferencesPage *self;
  gboolean                  logo;
} ChooseImage;

static void
on_image_chosen_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  ChooseImage *choice = user_data;
  CbzLetterPreferencesPage *self = choice->self;

  if (response == GTK_RESPONSE_ACCEPT && self->profile != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);
      g_autoptr(GdkTexture) texture = NULL;

      /* Letters take PNG or SVG: refuse anything else now, not when printing. */
      if (bytes != NULL)
        texture = texture_for_letters (bytes, &error);
      if (texture == NULL)
        {
          AdwPreferencesWindow *window = ADW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
          g_autofree char *name = g_file_get_basename (file);
          /* Translators: “logo.gif” cannot be used in letters: it is neither a PNG nor … */
          g_autofree char *message = g_strdup_printf (_("“%s” cannot be used in letters: %s"), name,
                                                      error != NULL ? error->message : "");

          if (ADW_IS_PREFERENCES_WINDOW (window))
            adw_preferences_window_add_toast (window, adw_toast_new (message));
        }
      else
        {
          GBytes **slot = choice->logo ? &self->profile->logo_png : &self->profile->signature_png;

          g_clear_pointer (slot, g_bytes_unref);
          *slot = g_bytes_ref (bytes);
          show_image (choice->logo ? self->logo_picture : self->signature_picture, bytes);
          save_now (self);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (choice->self);
  g_free (choice);
}

static void
choose_image_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CbzLetterPreferencesPage *self = CBZ_LETTER_PREFERENCES_PAGE (widget);
  gboolean logo = g_str_equal (g_variant_get_string (parameter, NULL), "logo");
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;
  ChooseImage *choice;

  dialog = gtk_file_chooser_native_new (logo ? _("Choose the Logo") : _("Choose the Signature Image"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PNG and SVG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  choice = g_new0 (ChooseImage, 1);
  choice->self = g_object_ref (self);
  choice->logo = logo;
  g_signal_connect (dialog, "response", G_CALLBACK (on_image_chosen_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
remove_image_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CbzLetterPreferencesPage *self = CBZ_LETTER_PREFERENCES_PAGE (widget);
  gboolean logo = g_str_equal (g_variant_get_string (parameter, NULL), "logo");

  if (self->profile == NULL)
    return;
  g_clear_pointer (logo ? &self->profile->logo_png : &self->profile->signature_png, g_bytes_unref);
  show_image (logo ? self->logo_picture : self->signature_picture, NULL);
  save_now (self);
}

/* Preferences open from the main window: its portfolio is the one to edit. */
static void
cbz_letter_preferences_page_map (GtkWidget *widget)
{
  CbzLetterPreferencesPage *self = CBZ_LETTER_PREFERENCES_PAGE (widget);

  GTK_WIDGET_CLASS (cbz_letter_preferences_page_parent_class)->map (widget);

  if (self->store == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

      if (CBZ_IS_WINDOW (parent) && cbz_window_get_store (CBZ_WINDOW (parent)) != NULL)
        cbz_letter_preferences_page_set_store (self, cbz_window_get_store (CBZ_WINDOW (parent)));
    }
}

static void
cbz_letter_preferences_page_dispose (GObject *object)
{
  CbzLetterPreferencesPage *self = CBZ_LETTER_PREFERENCES_PAGE (object);

  /* Keep what was typed in the last moment before closing. */
  if (self->save_id != 0)
    save_now (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_LETTER_PREFERENCES_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->profile, cbz_company_profile_free);

  G_OBJECT_CLASS (cbz_letter_preferences_page_parent_class)->dispose (object);
}

static void
cbz_letter_preferences_page_class_init (CbzLetterPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_letter_preferences_page_dispose;
  widget_class->map = cbz_letter_preferences_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-letter-preferences-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CbzLetterPreferencesPage, name)
  BIND (name_row);
  BIND (tax_id_row);
  BIND (street_row);
  BIND (town_row);
  BIND (city_row);
  BIND (phone_row);
  BIND (email_row);
  BIND (website_row);
  BIND (signer_row);
  BIND (signer_title_row);
  BIND (bank_row);
  BIND (holder_row);
  BIND (account_label_row);
  BIND (account_row);
  BIND (reference_row);
  BIND (link_row);
  BIND (logo_picture);
  BIND (signature_picture);
  BIND (paper_row);
  BIND (rate_spin);
  BIND (period_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_row_changed_cb);
  gtk_widget_class_install_action (widget_class, "letter-prefs.choose-image", "s", choose_image_action_cb);
  gtk_widget_class_install_action (widget_class, "letter-prefs.remove-image", "s", remove_image_action_cb);
}

static void
cbz_letter_preferences_page_init (CbzLetterPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cbz_letter_preferences_page_new (void)
{
  return g_object_new (CBZ_TYPE_LETTER_PREFERENCES_PAGE, NULL);
}

void
cbz_letter_preferences_page_set_store (CbzLetterPreferencesPage *self,
                                       CbzStore                 *store)
{
  g_return_if_fail (CBZ_IS_LETTER_PREFERENCES_PAGE (self));
  g_return_if_fail (store == NULL || CBZ_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->save_id != 0)
    save_now (self);
  g_set_object (&self->store, store);
  if (store != NULL)
    load_profile (self);
}
