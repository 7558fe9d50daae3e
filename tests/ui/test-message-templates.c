/* test-message-templates.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Messages page of Preferences: the SMS counter on the rendered text,
 * the accent switch, inline problems that block saving, and that what is
 * saved is what the reminder builder (Send Reminder, cobranza-cli send)
 * renders, and that the page works with the store only on its worker
 * connections. Needs a display and a session bus: xvfb-run -a dbus-run-session.
 * With CBZ_SCREENSHOT=FILE.png it also writes a picture of the page.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "cbz-company-profile.h"
#include "cbz-demo.h"
#include "cbz-message-template.h"
#include "cbz-message-params-group.h"
#include "cbz-message-templates-page.h"
#include "cbz-preferences-window.h"
#include "cbz-store.h"
#include "cbz-test-gtk.h"
#include "cbz-test-util.h"
#include "cbz-ui-resources.h"

#define N_DEMO_CUSTOMERS 40
#define TIMEOUT_MS 5000

typedef struct
{
  CbzStore                *store;
  GtkWidget               *window;
  CbzMessageTemplatesPage *page;
} Fixture;

static CbzMessageTemplatesPage *
find_page (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CbzMessageTemplatesPage *page;

      if (CBZ_IS_MESSAGE_TEMPLATES_PAGE (child))
        return CBZ_MESSAGE_TEMPLATES_PAGE (child);
      page = find_page (child);
      if (page != NULL)
        return page;
    }
  return NULL;
}

static gboolean
idle_cb (gpointer data)
{
  return !cbz_message_templates_page_get_busy (data);
}

static void
wait_idle (Fixture *fixture)
{
  g_assert_true (cbz_test_spin_until (idle_cb, fixture->page, TIMEOUT_MS));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cbz_test_build_tmp_path ("templates.cobranza");
  CbzCompanyProfile *profile;

  fixture->store = cbz_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cbz_demo_generate (fixture->store, N_DEMO_CUSTOMERS, 2026, &error));
  g_assert_no_error (error);

  profile = cbz_company_profile_new ();
  profile->name = g_strdup ("Distribuidora Pruebas");
  profile->phone = g_strdup ("+52 55 1111 2222");
  g_assert_true (cbz_company_profile_save (profile, fixture->store, &error));
  g_assert_no_error (error);
  cbz_company_profile_free (profile);

  fixture->window = GTK_WIDGET (cbz_preferences_window_new (NULL));
  fixture->page = find_page (fixture->window);
  g_assert_nonnull (fixture->page);
  cbz_message_templates_page_set_store (fixture->page, fixture->store);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (fixture->window),
                                           ADW_PREFERENCES_PAGE (fixture->page));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_idle (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  cbz_test_spin (50);
  g_clear_object (&fixture->store);
}

static void
set_body (Fixture    *fixture,
          const char *text)
{
  GtkTextView *view = cbz_message_templates_page_get_body_view (fixture->page);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static char *
get_body (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (cbz_message_templates_page_get_body_view (fixture->page));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
saved_cb (gpointer data)
{
  return !cbz_message_templates_page_get_dirty (data);
}

static CbzMessageTemplate *
load_stored (Fixture    *fixture,
             CbzChannel  channel,
             const char *language)
{
  g_autoptr(GError) error = NULL;
  CbzMessageTemplate *template = cbz_message_template_load (fixture->store, "reminder", channel, language, &error);

  g_assert_no_error (error);
  g_assert_nonnull (template);
  return template;
}

/* The language the sample customer is written to: the page edits that one. */
static const char *
select_for_sample (Fixture    *fixture,
                   CbzChannel  channel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  gint64 id = cbz_message_templates_page_get_sample_debtor (fixture->page);
  const char *language;

  g_assert_cmpint (id, >, 0);
  debtor = cbz_store_get_debtor (fixture->store, id, &error);
  g_assert_no_error (error);
  language = g_strcmp0 (debtor->language, "en") == 0 ? "en" : "es";
  cbz_message_templates_page_select (fixture->page, channel, language);
  return language;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_sms (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzMessageTemplate) builtin = NULL;
  g_autoptr(CbzMessageTemplate) stored = NULL;
  g_autoptr(CbzTemplateContext) company = NULL;
  g_autoptr(CbzOutboxMessage) message = NULL;
  g_autofree char *expected_counter = NULL;
  g_autofree char *skip = NULL;
  g_autofree char *body = NULL;
  g_autofree char *preview = NULL;
  GtkSwitch *plain = cbz_message_templates_page_get_plain_switch (fixture->page);
  const char *language = select_for_sample (fixture, CBZ_CHANNEL_SMS);
  const char *counter;
  const char *problem;
  CbzSmsCount count;

  builtin = cbz_message_template_load_builtin ("reminder", CBZ_CHANNEL_SMS, language, &error);
  g_assert_no_error (error);
  body = get_body (fixture);
  g_assert_cmpstr (body, ==, builtin->body);
  g_clear_pointer (&body, g_free);
  g_assert_null (cbz_message_templates_page_get_problem_text (fixture->page));

  /* One "á" makes the whole message UCS-2: 67 units a part once split. */
  gtk_switch_set_active (plain, FALSE);
  set_body (fixture, "Llámenos hoy, {{nombre}}: le recordamos su saldo vencido de {{saldo_vencido}}. Gracias.");
  g_assert_nonnull (cbz_message_templates_page_get_preview_text (fixture->page));
  cbz_sms_count (cbz_message_templates_page_get_preview_text (fixture->page), &count);
  g_assert_cmpint (count.encoding, ==, CBZ_SMS_ENCODING_UCS2);
  g_assert_cmpint (count.parts, ==, 2);
  counter = cbz_message_templates_page_get_counter_text (fixture->page);
  expected_counter = g_strdup_printf ("%ld characters · UCS-2 because of “á” · 2 parts",
                                      g_utf8_strlen (cbz_message_templates_page_get_preview_text (fixture->page), -1));
  g_assert_cmpstr (counter, ==, expected_counter);
  g_assert_nonnull (strstr (cbz_message_templates_page_get_preview_text (fixture->page), "Llámenos"));

  /* Replacing accents brings it back to GSM-7 and one part, at once. */
  gtk_switch_set_active (plain, TRUE);
  counter = cbz_message_templates_page_get_counter_text (fixture->page);
  g_assert_nonnull (strstr (counter, " · GSM-7 · 1 part"));
  g_assert_null (strstr (counter, "UCS-2"));
  g_assert_nonnull (strstr (cbz_message_templates_page_get_preview_text (fixture->page), "Llamenos"));

  /* An unknown variable is shown where it is and never saved. */
  set_body (fixture, "Hola {{cliente}}, le escribe {{empresa}}.");
  problem = cbz_message_templates_page_get_problem_text (fixture->page);
  g_assert_cmpstr (problem, ==, "Line 1, column 6: unknown variable “cliente”");
  g_assert_null (cbz_message_templates_page_get_preview_text (fixture->page));
  g_assert_false (cbz_message_templates_page_save (fixture->page, &error));
  g_assert_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID);
  g_clear_error (&error);
  cbz_test_spin (900); /* past the autosave delay */
  g_assert_true (cbz_message_templates_page_get_dirty (fixture->page));
  stored = load_stored (fixture, CBZ_CHANNEL_SMS, language);
  g_assert_true (stored->builtin);
  g_assert_cmpstr (stored->body, ==, builtin->body);
  g_clear_pointer (&stored, cbz_message_template_free);

  /* A valid text is saved by itself once typing stops... */
  set_body (fixture, "{{empresa}}: {{nombre}}, su saldo vencido es {{saldo_vencido}}. Llámenos al {{telefono_empresa}}.");
  g_assert_null (cbz_message_templates_page_get_problem_text (fixture->page));
  g_assert_true (cbz_test_spin_until (saved_cb, fixture->page, TIMEOUT_MS));
  stored = load_stored (fixture, CBZ_CHANNEL_SMS, language);
  g_assert_false (stored->builtin);
  g_assert_true (stored->sms_plain);
  g_assert_cmpstr (stored->body, ==,
                   "{{empresa}}: {{nombre}}, su saldo vencido es {{saldo_vencido}}. Llámenos al {{telefono_empresa}}.");
  g_clear_pointer (&stored, cbz_message_template_free);

  /* ...and it is what Send Reminder and cobranza-cli send build. */
  preview = g_strdup (cbz_message_templates_page_get_preview_text (fixture->page));
  company = cbz_company_profile_load_sender_context (fixture->store, &error);
  g_assert_no_error (error);
  message = cbz_message_build_reminder (fixture->store, cbz_message_templates_page_get_sample_debtor (fixture->page),
                                        CBZ_CHANNEL_SMS, "twilio", "reminder", company, "2026-test",
                                        &skip, &error);
  g_assert_no_error (error);
  g_assert_null (skip);
  g_assert_nonnull (message);
  g_assert_cmpstr (message->body, ==, preview);
  g_assert_true (g_str_has_prefix (message->body, "Distribuidora Pruebas: "));
  g_assert_nonnull (strstr (message->body, "Llamenos al +52 55 1111 2222."));

  /* Reset asks first, then brings the built-in wording back. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "templates.reset", NULL);
  cbz_test_spin (50);
  {
    AdwMessageDialog *dialog = find_message_dialog ();

    g_assert_nonnull (dialog);
    adw_message_dialog_response (dialog, "reset");
  }
  wait_idle (fixture);
  stored = load_stored (fixture, CBZ_CHANNEL_SMS, language);
  g_assert_true (stored->builtin);
  g_assert_cmpstr (stored->body, ==, builtin->body);
  body = get_body (fixture);
  g_assert_cmpstr (body, ==, builtin->body);
  g_assert_false (cbz_message_templates_page_get_dirty (fixture->page));
}

static gboolean
row_is_param (GtkWidget *widget)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), "{{");
}

static GtkWidget *
find_params_group (GtkWidget *widget)
{
  if (CBZ_IS_MESSAGE_PARAMS_GROUP (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_params_group (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_param_rows (GtkWidget *widget,
                    GPtrArray *rows)
{
  if (row_is_param (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_param_rows (child, rows);
}

static void
test_whatsapp (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(CbzMessageTemplate) builtin = NULL;
  g_autoptr(CbzMessageTemplate) stored = NULL;
  const char *language = select_for_sample (fixture, CBZ_CHANNEL_WHATSAPP);

  builtin = cbz_message_template_load_builtin ("reminder", CBZ_CHANNEL_WHATSAPP, language, &error);
  g_assert_no_error (error);
  cbz_test_spin (50);
  collect_param_rows (fixture->window, rows);
  g_assert_cmpuint (rows->len, ==, g_strv_length (builtin->wa_params));

  /* A new parameter starts empty, which is a problem until filled in. */
  gtk_widget_activate_action (find_params_group (GTK_WIDGET (fixture->page)), "params.add", NULL);
  cbz_test_spin (50);
  g_ptr_array_set_size (rows, 0);
  collect_param_rows (fixture->window, rows);
  g_assert_cmpuint (rows->len, ==, g_strv_length (builtin->wa_params) + 1);
  g_assert_nonnull (strstr (cbz_message_templates_page_get_problem_text (fixture->page), "is empty"));
  g_assert_false (cbz_message_templates_page_save (fixture->page, NULL));

  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, rows->len - 1)), "{{dias_mora}}");
  g_assert_null (cbz_message_templates_page_get_problem_text (fixture->page));
  g_assert_true (cbz_message_templates_page_save (fixture->page, &error));
  g_assert_no_error (error);
  g_assert_true (cbz_test_spin_until (saved_cb, fixture->page, TIMEOUT_MS));

  stored = load_stored (fixture, CBZ_CHANNEL_WHATSAPP, language);
  g_assert_false (stored->builtin);
  g_assert_cmpuint (g_strv_length (stored->wa_params), ==, g_strv_length (builtin->wa_params) + 1);
  g_assert_cmpstr (stored->wa_params[g_strv_length (builtin->wa_params)], ==, "{{dias_mora}}");
  g_assert_cmpstr (stored->wa_template, ==, builtin->wa_template);
}

static void
test_email_draft (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CbzMessageTemplate) stored = NULL;
  g_autofree char *body = NULL;
  const char *language = select_for_sample (fixture, CBZ_CHANNEL_EMAIL);
  const char *screenshot = g_getenv ("CBZ_SCREENSHOT");

  set_body (fixture, "Estimado {{contacto}}:\n\nSu saldo es {{saldo_vencido}}.\nAtte. {{empresa_nombre}}");
  g_assert_cmpstr (cbz_message_templates_page_get_problem_text (fixture->page), ==,
                   "Line 4, column 7: unknown variable “empresa_nombre”");

  /* Switching away keeps the text with the problem, unsaved, for later. */
  cbz_message_templates_page_select (fixture->page, CBZ_CHANNEL_SMS, language);
  g_assert_null (cbz_message_templates_page_get_problem_text (fixture->page));
  cbz_message_templates_page_select (fixture->page, CBZ_CHANNEL_EMAIL, language);
  body = get_body (fixture);
  g_assert_cmpstr (body, ==, "Estimado {{contacto}}:\n\nSu saldo es {{saldo_vencido}}.\nAtte. {{empresa_nombre}}");
  g_assert_true (cbz_message_templates_page_get_dirty (fixture->page));
  stored = load_stored (fixture, CBZ_CHANNEL_EMAIL, language);
  g_assert_true (stored->builtin);

  if (screenshot != NULL)
    {
      cbz_test_spin (300);
      cbz_test_save_screenshot (fixture->window, screenshot);
    }
}

/* The saved wordings and the sample come from the store's worker
 * connections: the page says it is busy, and edits nothing, until they are
 * in; then it shows the user's wording, not the built-in one. */
static void
test_reads_in_background (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzMessageTemplate) mine = cbz_message_template_new ("reminder", CBZ_CHANNEL_SMS, "es");
  g_autofree char *body = NULL;
  CbzStore *store = fixture->store;

  mine->body = g_strdup ("{{empresa}}: {{nombre}}, le escribimos por {{saldo_vencido}}.");
  g_assert_true (cbz_message_template_save (mine, store, &error));
  g_assert_no_error (error);

  cbz_message_templates_page_set_store (fixture->page, NULL);
  g_assert_false (cbz_message_templates_page_get_busy (fixture->page));
  g_assert_cmpint (cbz_message_templates_page_get_sample_debtor (fixture->page), ==, 0);
  cbz_message_templates_page_select (fixture->page, CBZ_CHANNEL_SMS, "es");

  cbz_message_templates_page_set_store (fixture->page, store);
  g_assert_true (cbz_message_templates_page_get_busy (fixture->page));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (fixture->page)));
  wait_idle (fixture);

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (fixture->page)));
  g_assert_cmpint (cbz_message_templates_page_get_sample_debtor (fixture->page), >, 0);
  body = get_body (fixture);
  g_assert_cmpstr (body, ==, mine->body);
  g_assert_false (cbz_message_templates_page_get_dirty (fixture->page));
}

/* A reset asked for while a save is still on its way happens after it:
 * the built-in wording is what stays. */
static void
test_reset_after_save (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CbzMessageTemplate) stored = NULL;
  const char *language = select_for_sample (fixture, CBZ_CHANNEL_SMS);

  set_body (fixture, "{{nombre}}: su saldo vencido es {{saldo_vencido}}.");
  g_assert_true (cbz_message_templates_page_save (fixture->page, NULL));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "templates.reset", NULL);
  cbz_test_spin (50);
  adw_message_dialog_response (find_message_dialog (), "reset");
  wait_idle (fixture);

  stored = load_stored (fixture, CBZ_CHANNEL_SMS, language);
  g_assert_true (stored->builtin);
  g_assert_false (cbz_message_templates_page_get_dirty (fixture->page));
}

/* What was typed in the last moment before the window closed still reaches
 * the portfolio, written after the window is gone. */
static gboolean
stored_cb (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(CbzMessageTemplate) stored = load_stored (fixture, CBZ_CHANNEL_SMS, "es");

  return !stored->builtin;
}

static void
test_save_on_close (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CbzMessageTemplate) stored = NULL;

  cbz_message_templates_page_select (fixture->page, CBZ_CHANNEL_SMS, "es");
  set_body (fixture, "Último aviso para {{nombre}}: {{saldo_vencido}}.");
  g_assert_true (cbz_message_templates_page_get_dirty (fixture->page));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  fixture->page = NULL;

  g_assert_true (cbz_test_spin_until (stored_cb, fixture, TIMEOUT_MS));
  stored = load_stored (fixture, CBZ_CHANNEL_SMS, "es");
  g_assert_cmpstr (stored->body, ==, "Último aviso para {{nombre}}: {{saldo_vencido}}.");
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);
  /* Rendering is done with cairo (GSK_RENDERER); without this GDK still
   * probes GL, and Mesa's driver leaks a buffer LeakSanitizer cannot name. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_init ();
  adw_init ();
  cbz_ui_register_resource ();

  g_test_add ("/ui/message-templates/sms", Fixture, NULL, fixture_set_up, test_sms, fixture_tear_down);
  g_test_add ("/ui/message-templates/whatsapp", Fixture, NULL, fixture_set_up, test_whatsapp, fixture_tear_down);
  g_test_add ("/ui/message-templates/email-draft", Fixture, NULL,
              fixture_set_up, test_email_draft, fixture_tear_down);
  g_test_add ("/ui/message-templates/reads-in-background", Fixture, NULL,
              fixture_set_up, test_reads_in_background, fixture_tear_down);
  g_test_add ("/ui/message-templates/reset-after-save", Fixture, NULL,
              fixture_set_up, test_reset_after_save, fixture_tear_down);
  g_test_add ("/ui/message-templates/save-on-close", Fixture, NULL,
              fixture_set_up, test_save_on_close, fixture_tear_down);

  return g_test_run ();
}
