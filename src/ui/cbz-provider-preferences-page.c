/* cbz-provider-preferences-page.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-clock.h"
#include "cbz-credentials.h"
#include "cbz-provider-preferences-page.h"
#include "cbz-provider.h"

#define PROVIDERS_SCHEMA_ID APP_ID ".Providers"

typedef struct
{
  const char *key;        /* GSettings key suffix: "<id>-<key>" */
  const char *title;
  gboolean    is_account; /* the keyring item's "account" attribute */
} Field;

typedef struct
{
  const char  *id;
  const char  *channels;
  const char  *secret_title;
  const Field  fields[5];
} ProviderInfo;

static const ProviderInfo providers[] = {
  { "twilio", N_("SMS and WhatsApp"), N_("Auth Token"), {
      { "account-sid", N_("Account SID"), TRUE },
      { "from", N_("SMS Sender (number or Messaging Service SID)"), FALSE },
      { "whatsapp-from", N_("WhatsApp Sender Number"), FALSE },
      { NULL } } },
  { "whatsapp", N_("WhatsApp templates, text and documents"), N_("Access Token"), {
      { "phone-number-id", N_("Phone Number ID"), TRUE },
      { "api-version", N_("Graph API Version"), FALSE },
      { "template-name", N_("Reminder Template Name"), FALSE },
      { "template-language", N_("Template Language Code"), FALSE },
      { NULL } } },
  { "sendgrid", N_("E-mail"), N_("API Key"), {
      { "from", N_("Sender Address"), FALSE },
      { "from-name", N_("Sender Name"), FALSE },
      { NULL } } },
  { "mailgun", N_("E-mail"), N_("API Key"), {
      { "domain", N_("Sending Domain"), TRUE },
      { "from", N_("Sender Address"), FALSE },
      { "from-name", N_("Sender Name"), FALSE },
      { NULL } } },
  { "postmark", N_("E-mail"), N_("Server Token"), {
      { "from", N_("Sender Address"), FALSE },
      { "from-name", N_("Sender Name"), FALSE },
      { NULL } } },
};

typedef struct _CbzProviderPreferencesPage CbzProviderPreferencesPage;

typedef struct
{
  CbzProviderPreferencesPage *page;   /* unowned */
  const ProviderInfo         *info;
  AdwExpanderRow             *expander;
  AdwEntryRow                *account_row;
  AdwPasswordEntryRow        *secret_row;
  AdwEntryRow                *test_row;
  GtkButton                  *test_button;
  GtkLabel                   *result_label;
  CbzProvider                *provider; /* alive while a test runs */
} ProviderUi;

struct _CbzProviderPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  GtkSwitch            *dry_run_switch;
  AdwPreferencesGroup  *accounts_group;

  GSettings            *settings;
  GCancellable         *cancellable;
  ProviderUi            ui[G_N_ELEMENTS (providers)];
};

G_DEFINE_FINAL_TYPE (CbzProviderPreferencesPage, cbz_provider_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

static ProviderUi *
find_ui (CbzProviderPreferencesPage *self,
         const char                 *provider_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (g_strcmp0 (self->ui[i].info->id, provider_id) == 0)
        return &self->ui[i];
    }
  return NULL;
}

static void
show_toast (CbzProviderPreferencesPage *self,
            const char                 *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 4);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
    }
}

static char *
setting_key (const ProviderUi *ui,
             const char       *suffix)
{
  return g_strdup_printf ("%s-%s", ui->info->id, suffix);
}

static const char *
current_account (ProviderUi *ui)
{
  const char *text = ui->account_row ? gtk_editable_get_text (GTK_EDITABLE (ui->account_row)) : NULL;

  return text != NULL && *text != '\0' ? text : "default";
}

static void
set_result (ProviderUi *ui,
            const char *text)
{
  gtk_label_set_text (ui->result_label, text);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (ui->result_label)), text != NULL && *text != '\0');
}

/* Keyring */

static void
on_secret_stored_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ProviderUi *ui = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!cbz_credentials_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not save the %s credentials in the keyring: %s"),
                              cbz_provider_id_get_display_name (ui->info->id), error->message);
    }
  else
    text = g_strdup_printf (_("%s credentials saved in the keyring"),
                            cbz_provider_id_get_display_name (ui->info->id));
  show_toast (ui->page, text);
}

static void
on_secret_cleared_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ProviderUi *ui = user_data;
  g_autoptr(GError) error = NULL;

  if (!cbz_credentials_clear_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (ui->page, error->message);
      return;
    }
  show_toast (ui->page, _("Credentials removed from the keyring"));
}

static void
on_secret_applied_cb (AdwEntryRow *row,
                      gpointer     user_data)
{
  ProviderUi *ui = user_data;
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (row));

  if (secret == NULL || *secret == '\0')
    cbz_credentials_clear_async (ui->info->id, current_account (ui), ui->page->cancellable,
                                 on_secret_cleared_cb, ui);
  else
    cbz_credentials_store_async (ui->info->id, current_account (ui), secret, ui->page->cancellable,
                                 on_secret_stored_cb, ui);
}

static void
on_secret_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ProviderUi *ui = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = cbz_credentials_lookup_finish (result, &error);
  if (secret == NULL)
    {
      /* No keyring is not fatal here: the page still edits settings. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("keyring lookup for %s failed: %s", ui->info->id, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (ui->secret_row), secret);
  cbz_credentials_free_secret (secret);
}

/* Test message */

static CbzOutgoingMessage *
build_test_message (CbzProviderPreferencesPage *self,
                    ProviderUi                 *ui,
                    const char                 *to)
{
  CbzOutgoingMessage *message;
  const char *body = _("Cobranza test message: this provider account can send reminders.");

  if (g_str_equal (ui->info->id, "twilio"))
    message = cbz_outgoing_message_new (CBZ_CHANNEL_SMS, to, body);
  else if (g_str_equal (ui->info->id, "whatsapp"))
    {
      g_autofree char *name = g_settings_get_string (self->settings, "whatsapp-template-name");
      g_autofree char *language = g_settings_get_string (self->settings, "whatsapp-template-language");
      const char *parameters[] = { _("Test Customer"), "$1.00", NULL };

      message = cbz_outgoing_message_new (CBZ_CHANNEL_WHATSAPP, to, body);
      /* A fresh number is outside the 24-hour window: only a template works. */
      if (*name != '\0')
        cbz_outgoing_message_set_template (message, name, *language ? language : "es_MX", parameters);
    }
  else
    {
      message = cbz_outgoing_message_new (CBZ_CHANNEL_EMAIL, to, body);
      message->subject = g_strdup (_("Cobranza test message"));
    }
  message->reference = g_strdup_printf ("preferences-test-%" G_GINT64_FORMAT, cbz_now ());
  return message;
}

static void
finish_test (ProviderUi *ui,
             const char *result_text,
             const char *toast_text)
{
  g_clear_object (&ui->provider);
  gtk_widget_set_sensitive (GTK_WIDGET (ui->test_button), TRUE);
  set_result (ui, result_text);
  if (toast_text != NULL)
    show_toast (ui->page, toast_text);
}

static void
on_test_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProviderUi *ui = user_data;
  g_autoptr(CbzSendResult) send_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *toast = NULL;
  const char *name;

  send_result = cbz_provider_send_finish (CBZ_PROVIDER (source), result, &error);
  if (send_result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_test (ui, error->message, NULL);
      return;
    }

  name = cbz_provider_id_get_display_name (ui->info->id);
  text = cbz_send_result_to_string (send_result);
  if (send_result->outcome == CBZ_SEND_ACCEPTED)
    toast = g_strdup_printf (_("%s accepted the test message"), name);
  else
    toast = g_strdup_printf (_("%s did not take the test message"), name);
  finish_test (ui, text, toast);
}

static void
on_test_account_loaded_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  ProviderUi *ui = user_data;
  g_autoptr(CbzProviderAccount) account = NULL;
  g_autoptr(CbzOutgoingMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  account = cbz_credentials_load_account_finish (result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_test (ui, error->message, NULL);
      return;
    }

  ui->provider = cbz_provider_new_for_account (account, &error);
  if (ui->provider == NULL)
    {
      finish_test (ui, error->message, NULL);
      return;
    }

  message = build_test_message (ui->page, ui, gtk_editable_get_text (GTK_EDITABLE (ui->test_row)));
  cbz_provider_send_async (ui->provider, message, ui->page->cancellable, on_test_sent_cb, ui);
}

static void
on_test_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  ProviderUi *ui = user_data;
  const char *to = gtk_editable_get_text (GTK_EDITABLE (ui->test_row));

  if (to == NULL || *to == '\0')
    {
      set_result (ui, g_str_equal (ui->info->channels, "E-mail")
                        ? _("Enter the e-mail address to send the test message to.")
                        : _("Enter the phone number to send the test message to, with its country code (+52…)."));
      gtk_widget_grab_focus (GTK_WIDGET (ui->test_row));
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (ui->test_button), FALSE);
  set_result (ui, _("Sending…"));
  cbz_credentials_load_account_async (ui->info->id, ui->page->cancellable, on_test_account_loaded_cb, ui);
}

/* Building the rows */

static gboolean
region_to_active_cb (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), "eu") == 0);
  return TRUE;
}

static GVariant *
active_to_region_cb (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_string (g_value_get_boolean (value) ? "eu" : "us");
}

static AdwEntryRow *
add_entry_row (CbzProviderPreferencesPage *self,
               ProviderUi                 *ui,
               const char                 *key_suffix,
               const char                 *title)
{
  g_autofree char *key = setting_key (ui, key_suffix);
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  adw_expander_row_add_row (ui->expander, row);
  return ADW_ENTRY_ROW (row);
}

static void
build_provider (CbzProviderPreferencesPage *self,
                ProviderUi                 *ui,
                const ProviderInfo         *info)
{
  g_autofree char *enabled_key = NULL;
  GtkWidget *expander;
  GtkWidget *secret;
  GtkWidget *test_row;
  GtkWidget *button;
  GtkWidget *result_row;
  GtkWidget *label;

  ui->page = self;
  ui->info = info;

  expander = adw_expander_row_new ();
  ui->expander = ADW_EXPANDER_ROW (expander);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), cbz_provider_id_get_display_name (info->id));
  adw_expander_row_set_subtitle (ui->expander, _(info->channels));
  adw_expander_row_set_show_enable_switch (ui->expander, TRUE);
  enabled_key = setting_key (ui, "enabled");
  g_settings_bind (self->settings, enabled_key, expander, "enable-expansion", G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_name (expander, info->id);

  for (guint i = 0; info->fields[i].key != NULL; i++)
    {
      AdwEntryRow *row = add_entry_row (self, ui, info->fields[i].key, _(info->fields[i].title));

      if (info->fields[i].is_account)
        ui->account_row = row;
    }

  secret = adw_password_entry_row_new ();
  ui->secret_row = ADW_PASSWORD_ENTRY_ROW (secret);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (secret), _(info->secret_title));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (secret), TRUE);
  g_signal_connect (secret, "apply", G_CALLBACK (on_secret_applied_cb), ui);
  adw_expander_row_add_row (ui->expander, secret);

  if (g_str_equal (info->id, "mailgun"))
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("EU Region"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Send through api.eu.mailgun.net"));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      g_settings_bind_with_mapping (self->settings, "mailgun-region", toggle, "active",
                                    G_SETTINGS_BIND_DEFAULT, region_to_active_cb, active_to_region_cb,
                                    NULL, NULL);
      adw_expander_row_add_row (ui->expander, row);
    }

  add_entry_row (self, ui, "base-url", _("Endpoint Override (empty: the provider’s public API)"));

  test_row = adw_entry_row_new ();
  ui->test_row = ADW_ENTRY_ROW (test_row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (test_row),
                                 g_str_equal (info->channels, "E-mail") ? _("Test Recipient Address")
                                                                         : _("Test Recipient Number"));
  button = gtk_button_new_with_mnemonic (_("_Send Test Message"));
  ui->test_button = GTK_BUTTON (button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (on_test_clicked_cb), ui);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (test_row), button);
  adw_expander_row_add_row (ui->expander, test_row);

  label = gtk_label_new (NULL);
  ui->result_label = GTK_LABEL (label);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_add_css_class (label, "caption");
  result_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (result_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (result_row), label);
  gtk_widget_set_visible (result_row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Provider’s answer to the test message"),
                                  -1);
  adw_expander_row_add_row (ui->expander, result_row);

  adw_preferences_group_add (self->accounts_group, expander);

  cbz_credentials_lookup_async (info->id, current_account (ui), self->cancellable,
                                on_secret_loaded_cb, ui);
}

static void
cbz_provider_preferences_page_dispose (GObject *object)
{
  CbzProviderPreferencesPage *self = CBZ_PROVIDER_PREFERENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    g_clear_object (&self->ui[i].provider);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_PROVIDER_PREFERENCES_PAGE);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cbz_provider_preferences_page_parent_class)->dispose (object);
}

static void
cbz_provider_preferences_page_finalize (GObject *object)
{
  CbzProviderPreferencesPage *self = CBZ_PROVIDER_PREFERENCES_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cbz_provider_preferences_page_parent_class)->finalize (object);
}

static void
cbz_provider_preferences_page_class_init (CbzProviderPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_provider_preferences_page_dispose;
  object_class->finalize = cbz_provider_preferences_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/cbz-provider-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzProviderPreferencesPage, dry_run_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzProviderPreferencesPage, accounts_group);
}

static void
cbz_provider_preferences_page_init (CbzProviderPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (PROVIDERS_SCHEMA_ID);
  g_settings_bind (self->settings, "dry-run", self->dry_run_switch, "active", G_SETTINGS_BIND_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    build_provider (self, &self->ui[i], &providers[i]);
}

GtkWidget *
cbz_provider_preferences_page_new (void)
{
  return g_object_new (CBZ_TYPE_PROVIDER_PREFERENCES_PAGE, NULL);
}

AdwExpanderRow *
cbz_provider_preferences_page_get_expander (CbzProviderPreferencesPage *self,
                                            const char                 *provider_id)
{
  ProviderUi *ui;

  g_return_val_if_fail (CBZ_IS_PROVIDER_PREFERENCES_PAGE (self), NULL);

  ui = find_ui (self, provider_id);
  return ui ? ui->expander : NULL;
}

AdwPasswordEntryRow *
cbz_provider_preferences_page_get_secret_row (CbzProviderPreferencesPage *self,
                                              const char                 *provider_id)
{
  ProviderUi *ui;

  g_return_val_if_fail (CBZ_IS_PROVIDER_PREFERENCES_PAGE (self), NULL);

  ui = find_ui (self, provider_id);
  return ui ? ui->secret_row : NULL;
}

AdwEntryRow *
cbz_provider_preferences_page_get_test_row (CbzProviderPreferencesPage *self,
                                            const char                 *provider_id)
{
  ProviderUi *ui;

  g_return_val_if_fail (CBZ_IS_PROVIDER_PREFERENCES_PAGE (self), NULL);

  ui = find_ui (self, provider_id);
  return ui ? ui->test_row : NULL;
}

GtkButton *
cbz_provider_preferences_page_get_test_button (CbzProviderPreferencesPage *self,
                                               const char                 *provider_id)
{
  ProviderUi *ui;

  g_return_val_if_fail (CBZ_IS_PROVIDER_PREFERENCES_PAGE (self), NULL);

  ui = find_ui (self, provider_id);
  return ui ? ui->test_button : NULL;
}

const char *
cbz_provider_preferences_page_get_test_result (CbzProviderPreferencesPage *self,
                                               const char                 *provider_id)
{
  ProviderUi *ui;

  g_return_val_if_fail (CBZ_IS_PROVIDER_PREFERENCES_PAGE (self), NULL);

  ui = find_ui (self, provider_id);
  return ui ? gtk_label_get_text (ui->result_label) : NULL;
}
