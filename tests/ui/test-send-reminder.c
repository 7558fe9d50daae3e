/* test-send-reminder.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Send Reminder on the customer page, from the click to the toast: a dry
 * run, a send through the fake provider, a second click that sends nothing,
 * and a customer with nothing to chase. Every step runs on the main
 * window's store's worker connections. Needs a display and a session bus:
 * xvfb-run -a dbus-run-session -- meson test.
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "cbz-application.h"
#include "cbz-company-profile.h"
#include "cbz-debtor-detail.h"
#include "cbz-fake-provider.h"
#include "cbz-store.h"
#include "cbz-test-util.h"
#include "cbz-ui-resources.h"
#include "cbz-window.h"

#define TIMEOUT_MS 20000

static CbzApplication *app;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             gboolean (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
main_store_open_cb (gpointer data)
{
  return cbz_window_get_store (data) != NULL;
}

static gboolean
toast_says_cb (GtkWidget     *widget,
               gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} ToastWait;

static gboolean
toast_shown_cb (gpointer data)
{
  ToastWait *wait = data;

  return find_widget (wait->window, GTK_TYPE_LABEL, toast_says_cb, wait->text) != NULL;
}

static gboolean
menu_button_is_cb (GtkWidget     *widget,
                   gconstpointer  label)
{
  return g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0;
}

typedef struct
{
  CbzDebtorDetail *detail;
  gint64           id;
} DetailWait;

static gboolean
detail_shows_cb (gpointer data)
{
  DetailWait *wait = data;

  return cbz_debtor_detail_get_debtor_id (wait->detail) == wait->id &&
         cbz_debtor_detail_get_debtor (wait->detail) != NULL;
}

/* Shows customer @id and clicks Send Reminder, By SMS; waits for the toast
 * that says @outcome. */
static void
send_reminder (CbzWindow  *window,
               gint64      id,
               const char *outcome)
{
  DetailWait shown = { NULL, id };
  ToastWait toast = { GTK_WIDGET (window), outcome };
  GtkWidget *button;

  shown.detail = CBZ_DEBTOR_DETAIL (find_widget (GTK_WIDGET (window), CBZ_TYPE_DEBTOR_DETAIL, NULL, NULL));
  cbz_window_show_debtor (window, id);
  g_assert_true (cbz_test_spin_until (detail_shows_cb, &shown, TIMEOUT_MS));
  button = find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, menu_button_is_cb, "Send _Reminder");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate_action (button, "reminder.send", "s", "sms"));
  g_assert_true (cbz_test_spin_until (toast_shown_cb, &toast, TIMEOUT_MS));
}

typedef struct
{
  GListModel       *model;
  CbzDeliveryState  state;
} TimelineWait;

/* The newest SMS reminder on the page's timeline is in @state. */
static gboolean
timeline_shows_cb (gpointer data)
{
  TimelineWait *wait = data;
  guint n = g_list_model_get_n_items (wait->model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CbzEvent) event = g_list_model_get_item (wait->model, i);

      if (cbz_event_get_kind (event) == CBZ_EVENT_KIND_REMINDER &&
          cbz_event_get_channel (event) == CBZ_EVENT_CHANNEL_SMS)
        return cbz_event_get_delivery_state (event) == wait->state;
    }
  return FALSE;
}

/* What is on disk, read as any other program would. */
static gint64
count_in (const char *path,
          const char *sql,
          gint64      id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gint64
add_owing_customer (CbzStore         *store,
                    const char       *name,
                    const char       *mobile,
                    CbzInvoiceStatus  status)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(GError) error = NULL;

  debtor->name = g_strdup (name);
  debtor->mobile = g_strdup (mobile);
  debtor->country = g_strdup ("MX");
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);
  invoice->debtor_id = debtor->id;
  invoice->number = g_strdup_printf ("F-%" G_GINT64_FORMAT, debtor->id);
  invoice->due_date = g_strdup ("2020-01-31");
  invoice->currency = g_strdup ("MXN");
  invoice->amount = 150000;
  invoice->balance = 150000;
  invoice->status = status;
  g_assert_true (cbz_store_save_invoice (store, invoice, &error));
  g_assert_no_error (error);
  return debtor->id;
}

static void
test_send_reminder (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("reminder.sqlite");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID ".Providers");
  g_autoptr(CbzFakeProvider) fake = NULL;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzWindow) window = NULL;
  g_autoptr(GError) error = NULL;
  CbzCompanyProfile *profile;
  TimelineWait timeline = { NULL, 0 };
  gint64 owing, disputed;

  store = cbz_store_open (path, &error);
  g_assert_no_error (error);
  owing = add_owing_customer (store, "Ferretería López", "+5215511110001", CBZ_INVOICE_STATUS_OPEN);
  disputed = add_owing_customer (store, "Taller Ruiz", "+5215511110003", CBZ_INVOICE_STATUS_DISPUTED);
  g_assert_true (cbz_store_refresh_summaries (store, NULL, 0, &error));
  profile = cbz_company_profile_new ();
  profile->name = g_strdup ("Distribuidora Norte");
  g_assert_true (cbz_company_profile_save (profile, store, &error));
  g_assert_no_error (error);
  cbz_company_profile_free (profile);

  window = g_object_ref_sink (cbz_window_new (app, path));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cbz_test_spin_until (main_store_open_cb, window, TIMEOUT_MS));

  /* Dry run: prepared, enqueued and recorded on worker connections. */
  g_settings_set_boolean (settings, "dry-run", TRUE);
  send_reminder (window, owing, "Reminder recorded on the timeline, not sent (dry run)");
  g_settings_reset (settings, "dry-run");
  g_assert_cmpint (count_in (path, "SELECT count(*) FROM outbox WHERE debtor_id = ?1 AND state = 'dry-run'",
                             owing), ==, 1);
  g_assert_cmpint (count_in (path, "SELECT count(*) FROM events e JOIN outbox o ON o.event_id = e.id"
                                    " WHERE o.debtor_id = ?1 AND e.delivery_state = 'dry-run'", owing), ==, 1);

  /* Through the provider: sent once, and a second click sends nothing. */
  fake = cbz_fake_provider_new (0, &error);
  g_assert_no_error (error);
  g_setenv ("TWILIO_ACCOUNT_SID", CBZ_FAKE_TWILIO_SID, TRUE);
  g_setenv ("TWILIO_AUTH_TOKEN", CBZ_FAKE_TWILIO_TOKEN, TRUE);
  g_setenv ("TWILIO_FROM", CBZ_FAKE_TWILIO_FROM, TRUE);
  g_setenv ("COBRANZA_TWILIO_URL", cbz_fake_provider_get_url (fake), TRUE);
  send_reminder (window, owing, "Reminder sent to +5215511110001");
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fake, "twilio"), ==, 1);
  /* The page's timeline follows the reminder to "sent". */
  timeline.model = cbz_debtor_detail_get_timeline (CBZ_DEBTOR_DETAIL (find_widget (GTK_WIDGET (window),
                                                                                  CBZ_TYPE_DEBTOR_DETAIL,
                                                                                  NULL, NULL)));
  timeline.state = CBZ_DELIVERY_STATE_SENT;
  g_assert_true (cbz_test_spin_until (timeline_shows_cb, &timeline, TIMEOUT_MS));
  send_reminder (window, owing, "This reminder was already sent to +5215511110001 today");
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fake, "twilio"), ==, 1);
  g_assert_cmpint (count_in (path, "SELECT count(*) FROM outbox WHERE debtor_id = ?1 AND state = 'sent'",
                             owing), ==, 1);

  /* Nothing to chase: the page says why, and nothing is queued. */
  send_reminder (window, disputed, "disputed invoices are not chased");
  g_assert_cmpint (count_in (path, "SELECT count(*) FROM outbox WHERE debtor_id = ?1", disputed), ==, 0);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fake, "twilio"), ==, 1);

  g_unsetenv ("TWILIO_ACCOUNT_SID");
  g_unsetenv ("TWILIO_AUTH_TOKEN");
  g_unsetenv ("TWILIO_FROM");
  g_unsetenv ("COBRANZA_TWILIO_URL");
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  cbz_test_init (&argc, &argv, NULL);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_init ();
  adw_init ();
  cbz_ui_register_resource ();

  app = cbz_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/send-reminder", test_send_reminder);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
