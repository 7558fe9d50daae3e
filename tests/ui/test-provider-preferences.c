/* test-provider-preferences.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The messaging accounts page (keyring save, Send Test Message against the
 * fake provider server) and the "sent by hand" links. Needs a display, a
 * session bus and a keyring: xvfb-run -a dbus-run-session -- bash
 * tools/with-keyring meson test. With CBZ_SCREENSHOT=FILE.png it also
 * writes a picture of the preferences window.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cbz-credentials.h"
#include "cbz-event-list-model.h"
#include "cbz-event.h"
#include "cbz-fake-provider.h"
#include "cbz-preferences-window.h"
#include "cbz-provider-manual-send.h"
#include "cbz-provider-preferences-page.h"
#include "cbz-store.h"
#include "cbz-test-gtk.h"
#include "cbz-test-util.h"
#include "cbz-ui-resources.h"

static gboolean
keyring_available (void)
{
  g_autoptr(GError) error = NULL;

  if (!cbz_credentials_store_sync ("postmark", "probe", "probe-secret", NULL, &error))
    {
      g_test_skip_printf ("no Secret Service: %s", error->message);
      return FALSE;
    }
  cbz_credentials_clear_sync ("postmark", "probe", NULL, NULL);
  return TRUE;
}

static CbzProviderPreferencesPage *
find_page (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CbzProviderPreferencesPage *page;

      if (CBZ_IS_PROVIDER_PREFERENCES_PAGE (child))
        return CBZ_PROVIDER_PREFERENCES_PAGE (child);
      page = find_page (child);
      if (page != NULL)
        return page;
    }
  return NULL;
}

typedef struct
{
  CbzProviderPreferencesPage *page;
  const char                 *provider;
} ResultWait;

static gboolean
result_arrived (gpointer data)
{
  ResultWait *wait = data;
  const char *text = cbz_provider_preferences_page_get_test_result (wait->page, wait->provider);

  return text != NULL && *text != '\0' && strstr (text, "…") == NULL;
}

static gboolean
secret_stored (gpointer data)
{
  char *secret = cbz_credentials_lookup_sync ("twilio", CBZ_FAKE_TWILIO_SID, NULL, NULL);
  gboolean matches = g_strcmp0 (secret, data) == 0;

  cbz_credentials_free_secret (secret);
  return matches;
}

static void
test_page_rows (void)
{
  GtkWidget *window = GTK_WIDGET (cbz_preferences_window_new (NULL));
  CbzProviderPreferencesPage *page = find_page (window);
  const char * const *ids = cbz_provider_list_ids ();

  g_assert_nonnull (page);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      AdwExpanderRow *expander = cbz_provider_preferences_page_get_expander (page, ids[i]);

      g_assert_nonnull (expander);
      g_assert_true (adw_expander_row_get_show_enable_switch (expander));
      g_assert_nonnull (cbz_provider_preferences_page_get_secret_row (page, ids[i]));
      g_assert_nonnull (cbz_provider_preferences_page_get_test_button (page, ids[i]));
    }
  g_assert_null (cbz_provider_preferences_page_get_expander (page, "fax"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_page_send_test (void)
{
  g_autoptr(CbzFakeProvider) fake = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID ".Providers");
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  CbzProviderPreferencesPage *page;
  AdwPasswordEntryRow *secret_row;
  ResultWait wait;
  const char *screenshot = g_getenv ("CBZ_SCREENSHOT");

  if (!keyring_available ())
    return;

  fake = cbz_fake_provider_new (0, &error);
  g_assert_no_error (error);
  g_settings_set_boolean (settings, "twilio-enabled", TRUE);
  g_settings_set_string (settings, "twilio-account-sid", CBZ_FAKE_TWILIO_SID);
  g_settings_set_string (settings, "twilio-from", CBZ_FAKE_TWILIO_FROM);
  g_settings_set_string (settings, "twilio-base-url", cbz_fake_provider_get_url (fake));
  g_settings_set_boolean (settings, "postmark-enabled", TRUE);

  window = GTK_WIDGET (cbz_preferences_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 680, 900);
  page = find_page (window);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));

  /* A wrong token first: the page shows exactly what Twilio said. */
  secret_row = cbz_provider_preferences_page_get_secret_row (page, "twilio");
  gtk_editable_set_text (GTK_EDITABLE (secret_row), "wrong-token-for-test");
  g_signal_emit_by_name (secret_row, "apply");
  g_assert_true (cbz_test_spin_until (secret_stored, (gpointer) "wrong-token-for-test", 5000));

  gtk_editable_set_text (GTK_EDITABLE (cbz_provider_preferences_page_get_test_row (page, "twilio")), "+525512345678");
  wait.page = page;
  wait.provider = "twilio";
  g_signal_emit_by_name (cbz_provider_preferences_page_get_test_button (page, "twilio"), "clicked");
  cbz_test_spin_until (result_arrived, &wait, 10000);
  g_test_message ("result: %s", cbz_provider_preferences_page_get_test_result (page, "twilio"));
  g_assert_true (result_arrived (&wait));
  g_assert_nonnull (strstr (cbz_provider_preferences_page_get_test_result (page, "twilio"), "bad-credentials"));
  g_assert_nonnull (strstr (cbz_provider_preferences_page_get_test_result (page, "twilio"), "20003"));
  g_assert_null (strstr (cbz_provider_preferences_page_get_test_result (page, "twilio"), "wrong-token-for-test"));

  gtk_editable_set_text (GTK_EDITABLE (secret_row), CBZ_FAKE_TWILIO_TOKEN);
  g_signal_emit_by_name (secret_row, "apply");
  g_assert_true (cbz_test_spin_until (secret_stored, (gpointer) CBZ_FAKE_TWILIO_TOKEN, 5000));
  g_signal_emit_by_name (cbz_provider_preferences_page_get_test_button (page, "twilio"), "clicked");
  g_assert_true (cbz_test_spin_until (result_arrived, &wait, 10000));
  g_test_message ("%s", cbz_provider_preferences_page_get_test_result (page, "twilio"));
  g_assert_true (g_str_has_prefix (cbz_provider_preferences_page_get_test_result (page, "twilio"), "Accepted (HTTP 201)"));
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fake, "twilio"), ==, 1);

  /* The secret went to the keyring only, never to GSettings. */
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        g_assert_null (strstr (text, CBZ_FAKE_TWILIO_TOKEN));
      }
  }

  if (screenshot != NULL)
    {
      adw_expander_row_set_expanded (cbz_provider_preferences_page_get_expander (page, "twilio"), TRUE);
      cbz_test_spin (600);
      cbz_test_save_screenshot (window, screenshot);
    }

  cbz_credentials_clear_sync ("twilio", CBZ_FAKE_TWILIO_SID, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "twilio-base-url");
}

/* A "browser" for https: links: a desktop file in the test's own data
 * folder, made the default handler, whose program writes the link it was
 * given to a file. sms: links get no handler at all. */
static char *caught_uri_path;

static void
install_fake_browser (void)
{
  const char *tmp = cbz_test_get_tmp_dir ();
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *script = g_build_filename (tmp, "fake-browser.sh", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *desktop_path = g_build_filename (apps, "cbz-fake-browser.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autoptr(GError) error = NULL;

  caught_uri_path = g_build_filename (tmp, "caught-uri.txt", NULL);
  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.part' && mv '%s.part' '%s'\n",
                                 caught_uri_path, caught_uri_path, caught_uri_path);
  g_assert_true (g_file_set_contents (script, script_text, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Fake Browser\n"
                             "Exec=%s %%u\nMimeType=x-scheme-handler/https;\nNoDisplay=true\n", script);
  g_assert_true (g_file_set_contents (desktop_path, desktop, -1, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\n"
                                      "x-scheme-handler/https=cbz-fake-browser.desktop\n", -1, &error));
  g_assert_no_error (error);
}

static gboolean
uri_caught (gpointer data)
{
  return g_file_test (caught_uri_path, G_FILE_TEST_EXISTS);
}

static void
manual_send_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gint64
manual_send (CbzStore    *store,
             gint64       debtor_id,
             CbzChannel   channel,
             const char  *to,
             const char  *body,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cbz_provider_manual_send_async (NULL, store, debtor_id, channel, to, NULL, body, NULL, 0, NULL,
                                  manual_send_done_cb, &result);
  g_assert_true (cbz_test_spin_until (result_ready, &result, 10000));
  return cbz_provider_manual_send_finish (result, error);
}

/* The customer's timeline, as the app shows it. */
static guint
count_events (CbzStore *store,
              gint64    debtor_id)
{
  g_autoptr(CbzEventListModel) events = cbz_event_list_model_new (store, debtor_id);

  return g_list_model_get_n_items (G_LIST_MODEL (events));
}

static void
test_manual_send_records_event (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("manual.cobranza");
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *caught = NULL;
  gint64 event_id;
  guint before;

  store = cbz_store_open (path, &error);
  g_assert_no_error (error);
  debtor = cbz_debtor_new ();
  debtor->name = g_strdup ("Ferretería Juárez");
  debtor->whatsapp = g_strdup ("+5215512345678");
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);

  /* WhatsApp: the fake browser gets the wa.me link with the text, and the
   * reminder is on the timeline as sent by hand. */
  event_id = manual_send (store, debtor->id, CBZ_CHANNEL_WHATSAPP, debtor->whatsapp,
                          "Hola, su saldo vence hoy.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (event_id, >, 0);
  g_assert_true (cbz_test_spin_until (uri_caught, NULL, 10000));
  g_assert_true (g_file_get_contents (caught_uri_path, &caught, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (caught, ==, "https://wa.me/5215512345678?text=Hola%2C%20su%20saldo%20vence%20hoy.");

  event = cbz_store_get_event (store, event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cbz_event_get_kind (event), ==, CBZ_EVENT_KIND_REMINDER);
  g_assert_cmpint (cbz_event_get_channel (event), ==, CBZ_EVENT_CHANNEL_WHATSAPP);
  g_assert_cmpint (cbz_event_get_direction (event), ==, CBZ_EVENT_DIRECTION_OUTBOUND);
  g_assert_cmpint (cbz_event_get_delivery_state (event), ==, CBZ_DELIVERY_STATE_BY_HAND);
  g_assert_cmpstr (cbz_event_get_body (event), ==, "Hola, su saldo vence hoy.");
  g_assert_nonnull (strstr (cbz_event_get_data (event), "wa.me"));

  /* No app for sms: links: the person is told, and nothing is recorded as
   * sent. */
  before = count_events (store, debtor->id);
  g_assert_cmpint (manual_send (store, debtor->id, CBZ_CHANNEL_SMS, "+5215512345678", "x", &error), ==, 0);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL);
  g_assert_nonnull (strstr (error->message, "Nothing was recorded"));
  g_clear_error (&error);
  g_assert_cmpuint (count_events (store, debtor->id), ==, before);

  /* A number that cannot make a link records nothing either. */
  g_assert_cmpint (manual_send (store, debtor->id, CBZ_CHANNEL_SMS, "llamar", "x", &error), ==, 0);
  g_assert_error (error, CBZ_PROVIDER_ERROR, CBZ_PROVIDER_ERROR_INVALID_URL);
  g_assert_cmpuint (count_events (store, debtor->id), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);
  install_fake_browser ();
  gtk_init ();
  adw_init ();
  cbz_ui_register_resource ();

  g_test_add_func ("/ui/provider-preferences/rows", test_page_rows);
  g_test_add_func ("/ui/provider-preferences/send-test", test_page_send_test);
  g_test_add_func ("/ui/provider-preferences/manual-send", test_manual_send_records_event);

  return g_test_run ();
}
