/* test-outbox-window.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Outbox window: rows and counts by state, the decisions about held
 * messages (Resend, Don't Resend), withdrawing a queued one, and Send Queued
 * Now (dry run, no account, and through the fake provider). Needs a display
 * and a session bus: xvfb-run -a dbus-run-session -- meson test.
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "cbz-application.h"
#include "cbz-event-list-model.h"
#include "cbz-event.h"
#include "cbz-fake-provider.h"
#include "cbz-outbox-item.h"
#include "cbz-outbox-private.h"
#include "cbz-outbox-row.h"
#include "cbz-outbox-window.h"
#include "cbz-store.h"
#include "cbz-test-util.h"
#include "cbz-ui-resources.h"
#include "cbz-window.h"

#define TIMEOUT_MS 20000

static CbzApplication *app;

typedef struct
{
  char            *path;
  CbzStore        *store;       /* the "main window's" connection */
  CbzOutbox       *outbox;
  CbzOutboxWindow *window;
  gint64           debtors[3];
  gint64           held[2];     /* unknown */
  gint64           failed;
  gint64           queued[2];
  gint64           sent;
  gint64           cancelled;
  guint            n_changed;   /* ::changed on the main store */
} Fixture;

static gint64
add_debtor (Fixture    *fixture,
            const char *name,
            const char *mobile)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(GError) error = NULL;

  debtor->name = g_strdup (name);
  debtor->mobile = g_strdup (mobile);
  debtor->country = g_strdup ("MX");
  g_assert_true (cbz_store_save_debtor (fixture->store, debtor, &error));
  g_assert_no_error (error);
  return debtor->id;
}

static CbzOutboxMessage *
get (Fixture *fixture,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  CbzOutboxMessage *message = cbz_outbox_get (fixture->outbox, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

static gint64
enqueue (Fixture    *fixture,
         guint       debtor,
         const char *action)
{
  g_autoptr(CbzDebtor) row = cbz_store_get_debtor (fixture->store, fixture->debtors[debtor], NULL);
  g_autofree char *body = g_strdup_printf ("Hola %s, le recordamos su saldo pendiente. Ref. %s",
                                       row->name, action);
  g_autoptr(CbzOutboxMessage) message = cbz_outbox_message_new (row->id, CBZ_CHANNEL_SMS, "twilio",
                                                                row->mobile, body);
  g_autoptr(GError) error = NULL;
  gboolean inserted = FALSE;

  cbz_outbox_message_set_key (message, action, NULL, 0, "2026-12-02");
  g_assert_true (cbz_outbox_enqueue (fixture->outbox, message, &inserted, &error));
  g_assert_no_error (error);
  g_assert_true (inserted);
  return message->id;
}

/* queued -> sending -> @state, as the sender (or a crash and the
 * reconciliation after it) would leave it. */
static void
move (Fixture        *fixture,
      gint64          id,
      CbzOutboxState  state,
      const char     *reason)
{
  g_autoptr(CbzOutboxMessage) message = get (fixture, id);
  g_autoptr(GError) error = NULL;

  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, CBZ_OUTBOX_STATE_SENDING,
                                         NULL, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (_cbz_outbox_transition (fixture->outbox, message, state,
                                         state == CBZ_OUTBOX_STATE_SENT ? "SM0123" : NULL,
                                         reason, 0, &error));
  g_assert_no_error (error);
}

static void
on_store_changed_cb (Fixture *fixture)
{
  fixture->n_changed++;
}

static gboolean
window_settled_cb (gpointer data)
{
  Fixture *fixture = data;

  return !cbz_outbox_window_is_busy (fixture->window) &&
         g_strcmp0 (cbz_outbox_window_get_state (fixture->window), "loading") != 0;
}

static void
wait_settled (Fixture *fixture)
{
  g_assert_true (cbz_test_spin_until (window_settled_cb, fixture, TIMEOUT_MS));
}

static void
open_window (Fixture *fixture)
{
  fixture->window = g_object_ref_sink (cbz_outbox_window_new (NULL, fixture->store));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_settled (fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = cbz_test_build_tmp_path ("outbox-window.sqlite");
  fixture->store = cbz_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->outbox = cbz_outbox_new (fixture->store);
  g_signal_connect_swapped (fixture->store, "changed", G_CALLBACK (on_store_changed_cb), fixture);

  if (GPOINTER_TO_INT (data) == 0)
    {
      fixture->debtors[0] = add_debtor (fixture, "Ferretería López", "+5215511110001");
      fixture->debtors[1] = add_debtor (fixture, "Panadería Sol", "+5215511110002");
      fixture->debtors[2] = add_debtor (fixture, "Taller Ruiz", "+5215511110003");

      fixture->sent = enqueue (fixture, 0, "manual:reminder:sent");
      move (fixture, fixture->sent, CBZ_OUTBOX_STATE_SENT, NULL);
      fixture->failed = enqueue (fixture, 1, "manual:reminder:failed");
      move (fixture, fixture->failed, CBZ_OUTBOX_STATE_FAILED, "The number cannot receive SMS (21614)");
      fixture->cancelled = enqueue (fixture, 2, "manual:reminder:cancelled");
      g_assert_true (cbz_outbox_cancel (fixture->outbox, fixture->cancelled, &error));
      g_assert_no_error (error);
      fixture->queued[0] = enqueue (fixture, 0, "manual:reminder:queued-a");
      fixture->queued[1] = enqueue (fixture, 1, "manual:reminder:queued-b");
      fixture->held[0] = enqueue (fixture, 0, "manual:reminder:held-a");
      move (fixture, fixture->held[0], CBZ_OUTBOX_STATE_UNKNOWN,
            "The app stopped while sending; the provider cannot tell whether it went out");
      fixture->held[1] = enqueue (fixture, 2, "manual:reminder:held-b");
      move (fixture, fixture->held[1], CBZ_OUTBOX_STATE_UNKNOWN,
            "The app stopped while sending; the provider cannot tell whether it went out");
    }

  open_window (fixture);
  fixture->n_changed = 0;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      gtk_window_destroy (l->data);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_signal_handlers_disconnect_by_data (fixture->store, fixture);
  g_clear_object (&fixture->outbox);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->path, g_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static CbzOutboxItem *
get_row (Fixture *fixture,
         guint    position)
{
  return g_list_model_get_item (cbz_outbox_window_get_model (fixture->window), position);
}

static guint
n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (cbz_outbox_window_get_model (fixture->window));
}

static void
show_filter (Fixture    *fixture,
             const char *filter)
{
  cbz_outbox_window_set_filter (fixture->window, filter);
  g_assert_cmpstr (cbz_outbox_window_get_filter (fixture->window), ==, filter);
  wait_settled (fixture);
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql,
            gint64      id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  /* What is on disk, read as any other program would. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static CbzOutboxState
state_of (Fixture *fixture,
          gint64   id)
{
  g_autoptr(CbzOutboxMessage) message = get (fixture, id);

  return message->state;
}

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
row_shows_cb (GtkWidget     *widget,
              gconstpointer  data)
{
  CbzOutboxItem *item = cbz_outbox_row_get_item (CBZ_OUTBOX_ROW (widget));

  return gtk_widget_get_mapped (widget) && item != NULL && cbz_outbox_item_get_id (item) == *(const gint64 *) data;
}

static gboolean
label_is_cb (GtkWidget     *widget,
             gconstpointer  text)
{
  return gtk_widget_get_visible (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
button_shows_cb (GtkWidget     *widget,
                 gconstpointer  action)
{
  return gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
dialog_shown_cb (gpointer data)
{
  return find_dialog () != NULL;
}

static AdwMessageDialog *
wait_dialog (void)
{
  g_assert_true (cbz_test_spin_until (dialog_shown_cb, NULL, TIMEOUT_MS));
  return find_dialog ();
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_rows_and_counts (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzOutboxItem) first = NULL;
  g_autoptr(CbzOutboxItem) second = NULL;
  g_autoptr(CbzOutboxItem) third = NULL;
  GtkWidget *row;

  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_UNKNOWN), ==, 2);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_FAILED), ==, 1);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_QUEUED), ==, 2);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_SENT), ==, 1);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_CANCELLED), ==, 1);

  /* Needs Attention first: the held messages (newest first), then the
   * failed one. */
  g_assert_cmpstr (cbz_outbox_window_get_filter (fixture->window), ==, "attention");
  g_assert_cmpstr (cbz_outbox_window_get_state (fixture->window), ==, "list");
  g_assert_cmpuint (n_rows (fixture), ==, 3);
  first = get_row (fixture, 0);
  second = get_row (fixture, 1);
  third = get_row (fixture, 2);
  g_assert_cmpint (cbz_outbox_item_get_id (first), ==, fixture->held[1]);
  g_assert_cmpint (cbz_outbox_item_get_id (second), ==, fixture->held[0]);
  g_assert_cmpint (cbz_outbox_item_get_id (third), ==, fixture->failed);
  g_assert_cmpstr (cbz_outbox_item_get_customer_name (first), ==, "Taller Ruiz");
  g_assert_cmpstr (cbz_outbox_item_get_customer_name (third), ==, "Panadería Sol");
  g_assert_cmpint (cbz_outbox_item_get_state (first), ==, CBZ_OUTBOX_STATE_UNKNOWN);

  /* The held row is drawn with its state, recipient, reason and both
   * decisions; the failed one can only be resent. */
  row = find_widget (GTK_WIDGET (fixture->window), CBZ_TYPE_OUTBOX_ROW, row_shows_cb, &fixture->held[1]);
  g_assert_nonnull (row);
  g_assert_nonnull (find_widget (row, GTK_TYPE_LABEL, label_is_cb, "Taller Ruiz"));
  g_assert_nonnull (find_widget (row, GTK_TYPE_LABEL, label_is_cb,
                                 cbz_outbox_state_get_label (CBZ_OUTBOX_STATE_UNKNOWN)));
  g_assert_nonnull (find_widget (row, GTK_TYPE_LABEL, label_is_cb,
                                 "The app stopped while sending; the provider cannot tell whether it went out"));
  g_assert_nonnull (find_widget (row, GTK_TYPE_LABEL, label_is_cb,
                                 "Hola Taller Ruiz, le recordamos su saldo pendiente. Ref. manual:reminder:held-b"));
  g_assert_nonnull (find_widget (row, GTK_TYPE_BUTTON, button_shows_cb, "outbox.resend"));
  g_assert_nonnull (find_widget (row, GTK_TYPE_BUTTON, button_shows_cb, "outbox.dont-resend"));
  g_assert_null (find_widget (row, GTK_TYPE_BUTTON, button_shows_cb, "outbox.cancel"));
  row = find_widget (GTK_WIDGET (fixture->window), CBZ_TYPE_OUTBOX_ROW, row_shows_cb, &fixture->failed);
  g_assert_nonnull (row);
  g_assert_nonnull (find_widget (row, GTK_TYPE_BUTTON, button_shows_cb, "outbox.resend"));
  g_assert_null (find_widget (row, GTK_TYPE_BUTTON, button_shows_cb, "outbox.dont-resend"));

  show_filter (fixture, "queued");
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  row = find_widget (GTK_WIDGET (fixture->window), CBZ_TYPE_OUTBOX_ROW, row_shows_cb, &fixture->queued[0]);
  g_assert_nonnull (row);
  g_assert_nonnull (find_widget (row, GTK_TYPE_BUTTON, button_shows_cb, "outbox.cancel"));
  g_assert_null (find_widget (row, GTK_TYPE_BUTTON, button_shows_cb, "outbox.resend"));

  show_filter (fixture, "sent");
  g_assert_cmpuint (n_rows (fixture), ==, 1);

  show_filter (fixture, "all");
  g_assert_cmpuint (n_rows (fixture), ==, 7);
}

static gboolean
n_items_above_cb (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) > GPOINTER_TO_UINT (args[1]);
}

static void
test_resend (Fixture       *fixture,
             gconstpointer  data)
{
  AdwMessageDialog *dialog;
  gint64 id = fixture->held[0];
  /* The customer's timeline as the main window shows it. */
  g_autoptr(CbzEventListModel) timeline = cbz_event_list_model_new (fixture->store, fixture->debtors[0]);
  gpointer args[2];

  /* Cancelling the question changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.resend", "x", id));
  dialog = wait_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "twice"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Ferretería López"));
  answer (dialog, "cancel");
  wait_settled (fixture);
  g_assert_cmpint (state_of (fixture, id), ==, CBZ_OUTBOX_STATE_UNKNOWN);

  args[0] = timeline;
  args[1] = GUINT_TO_POINTER (g_list_model_get_n_items (G_LIST_MODEL (timeline)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.resend", "x", id));
  answer (wait_dialog (), "resend");
  wait_settled (fixture);
  /* The main window's timeline reloaded by itself with the decision. */
  g_assert_true (cbz_test_spin_until (n_items_above_cb, args, TIMEOUT_MS));

  /* Queued again, with the decision on the customer's timeline, the main
   * window told, and the row gone from Needs Attention. */
  g_assert_cmpint (state_of (fixture, id), ==, CBZ_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE kind = 'status'"
                               " AND summary LIKE '%queued again%' AND body LIKE '%request%' AND debtor_id = ?1",
                               fixture->debtors[0]), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events e JOIN outbox o ON o.event_id = e.id"
                               " WHERE o.id = ?1 AND e.delivery_state = 'queued'", id), ==, 1);
  g_assert_cmpuint (fixture->n_changed, >, 0);
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_UNKNOWN), ==, 1);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_QUEUED), ==, 3);

  /* The failed message can be resent too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.resend", "x",
                                             fixture->failed));
  dialog = wait_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "21614"));
  answer (dialog, "resend");
  wait_settled (fixture);
  g_assert_cmpint (state_of (fixture, fixture->failed), ==, CBZ_OUTBOX_STATE_QUEUED);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
}

static void
test_dont_resend (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  gint64 id = fixture->held[1];
  g_autoptr(CbzOutboxMessage) message = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.dont-resend", "x", id));
  dialog = wait_dialog ();
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "  The customer confirmed they got it  ");
  answer (dialog, "dont-resend");
  wait_settled (fixture);

  message = get (fixture, id);
  g_assert_cmpint (message->state, ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (message->last_error, ==, "The customer confirmed they got it");
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events WHERE kind = 'status'"
                               " AND (summary LIKE '%confirmed they got it%' OR body LIKE '%confirmed they got it%')"
                               " AND debtor_id = ?1", fixture->debtors[2]), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events e JOIN outbox o ON o.event_id = e.id"
                               " WHERE o.id = ?1 AND e.delivery_state = 'failed'", id), ==, 1);
  g_assert_cmpuint (fixture->n_changed, >, 0);
  /* Still in Needs Attention, now as failed, after the held one. */
  g_assert_cmpuint (n_rows (fixture), ==, 3);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_UNKNOWN), ==, 1);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_FAILED), ==, 2);
  {
    g_autoptr(CbzOutboxItem) first = get_row (fixture, 0);

    g_assert_cmpint (cbz_outbox_item_get_id (first), ==, fixture->held[0]);
  }

  /* Without a reason, the outbox's own words. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.dont-resend", "x",
                                             fixture->held[0]));
  answer (wait_dialog (), "dont-resend");
  wait_settled (fixture);
  g_assert_cmpint (state_of (fixture, fixture->held[0]), ==, CBZ_OUTBOX_STATE_FAILED);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_UNKNOWN), ==, 0);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  show_filter (fixture, "queued");
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.cancel", "x",
                                             fixture->queued[0]));
  wait_settled (fixture);
  g_assert_cmpint (state_of (fixture, fixture->queued[0]), ==, CBZ_OUTBOX_STATE_CANCELLED);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_CANCELLED), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events e JOIN outbox o ON o.event_id = e.id"
                               " WHERE o.id = ?1 AND e.delivery_state IS NOT 'queued'", fixture->queued[0]),
                   ==, 1);

  /* A message that is no longer queued cannot be withdrawn: the person is
   * told, nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.cancel", "x",
                                             fixture->sent));
  wait_settled (fixture);
  g_assert_cmpint (state_of (fixture, fixture->sent), ==, CBZ_OUTBOX_STATE_SENT);
}

static void
test_send_dry_run (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID ".Providers");

  g_settings_set_boolean (settings, "dry-run", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.send-queued", NULL));
  wait_settled (fixture);
  g_settings_reset (settings, "dry-run");

  g_assert_cmpint (state_of (fixture, fixture->queued[0]), ==, CBZ_OUTBOX_STATE_DRY_RUN);
  g_assert_cmpint (state_of (fixture, fixture->queued[1]), ==, CBZ_OUTBOX_STATE_DRY_RUN);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_QUEUED), ==, 0);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_DRY_RUN), ==, 2);
  /* Held messages are never taken by a send: only the person decides. */
  g_assert_cmpint (state_of (fixture, fixture->held[0]), ==, CBZ_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpuint (fixture->n_changed, >, 0);
  /* Nothing left to send. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.send-queued", NULL) &&
                  cbz_outbox_window_is_busy (fixture->window));
}

static void
test_send_without_account (Fixture       *fixture,
                           gconstpointer  data)
{
  AdwMessageDialog *dialog;

  g_unsetenv ("TWILIO_ACCOUNT_SID");
  g_unsetenv ("TWILIO_AUTH_TOKEN");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.send-queued", NULL));
  dialog = wait_dialog ();
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "No Account to Send With");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Twilio: 2 messages wait"));
  g_assert_true (adw_message_dialog_has_response (dialog, "preferences"));
  answer (dialog, "close");
  wait_settled (fixture);
  g_assert_cmpint (state_of (fixture, fixture->queued[0]), ==, CBZ_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (state_of (fixture, fixture->queued[1]), ==, CBZ_OUTBOX_STATE_QUEUED);
}

static void
test_resend_and_send (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CbzFakeProvider) fake = NULL;
  g_autoptr(GError) error = NULL;

  fake = cbz_fake_provider_new (0, &error);
  g_assert_no_error (error);
  g_setenv ("TWILIO_ACCOUNT_SID", CBZ_FAKE_TWILIO_SID, TRUE);
  g_setenv ("TWILIO_AUTH_TOKEN", CBZ_FAKE_TWILIO_TOKEN, TRUE);
  g_setenv ("TWILIO_FROM", CBZ_FAKE_TWILIO_FROM, TRUE);
  g_setenv ("COBRANZA_TWILIO_URL", cbz_fake_provider_get_url (fake), TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.resend", "x",
                                             fixture->held[0]));
  answer (wait_dialog (), "resend");
  wait_settled (fixture);
  g_assert_cmpint (state_of (fixture, fixture->held[0]), ==, CBZ_OUTBOX_STATE_QUEUED);

  /* The toast's Send Now: the resent message and the two queued ones go
   * out once each. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.send-queued", NULL));
  wait_settled (fixture);
  g_assert_cmpuint (cbz_fake_provider_count_accepted (fake, "twilio"), ==, 3);
  g_assert_cmpuint (cbz_fake_provider_count_duplicates (fake), ==, 0);
  g_assert_cmpint (state_of (fixture, fixture->held[0]), ==, CBZ_OUTBOX_STATE_SENT);
  g_assert_cmpint (state_of (fixture, fixture->queued[0]), ==, CBZ_OUTBOX_STATE_SENT);
  g_assert_cmpint (state_of (fixture, fixture->queued[1]), ==, CBZ_OUTBOX_STATE_SENT);
  g_assert_cmpint (state_of (fixture, fixture->held[1]), ==, CBZ_OUTBOX_STATE_UNKNOWN);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM events e JOIN outbox o ON o.event_id = e.id"
                               " WHERE o.id = ?1 AND e.delivery_state = 'sent'", fixture->held[0]), ==, 1);
  g_assert_cmpuint (cbz_outbox_window_get_count (fixture->window, CBZ_OUTBOX_STATE_SENT), ==, 4);

  g_unsetenv ("TWILIO_ACCOUNT_SID");
  g_unsetenv ("TWILIO_AUTH_TOKEN");
  g_unsetenv ("TWILIO_FROM");
  g_unsetenv ("COBRANZA_TWILIO_URL");
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  g_assert_cmpstr (cbz_outbox_window_get_state (fixture->window), ==, "empty");
  show_filter (fixture, "all");
  g_assert_cmpstr (cbz_outbox_window_get_state (fixture->window), ==, "empty");
  /* Nothing queued: Send Queued Now is off. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "outbox.send-queued", NULL) &&
                  cbz_outbox_window_is_busy (fixture->window));
}

static gboolean
main_store_open_cb (gpointer data)
{
  return cbz_window_get_store (data) != NULL;
}

static CbzOutboxWindow *
find_outbox_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (CBZ_IS_OUTBOX_WINDOW (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* The main window's menu item opens one outbox window, on its portfolio. */
static void
test_from_main_window (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("main.sqlite");
  g_autoptr(CbzWindow) window = NULL;
  CbzOutboxWindow *outbox;

  window = g_object_ref_sink (cbz_window_new (app, path));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cbz_test_spin_until (main_store_open_cb, window, TIMEOUT_MS));

  g_assert_null (find_outbox_window ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.outbox", NULL));
  outbox = find_outbox_window ();
  g_assert_nonnull (outbox);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (outbox)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_application (GTK_WINDOW (outbox)) == GTK_APPLICATION (app));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.outbox", NULL));
  g_assert_true (find_outbox_window () == outbox);

  gtk_window_destroy (GTK_WINDOW (outbox));
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}


#define ADD(name, data, func) \
  g_test_add ("/ui/outbox-window/" name, Fixture, GINT_TO_POINTER (data), fixture_set_up, func, fixture_tear_down)

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

  ADD ("rows", 0, test_rows_and_counts);
  ADD ("resend", 0, test_resend);
  ADD ("dont-resend", 0, test_dont_resend);
  ADD ("cancel", 0, test_cancel);
  ADD ("send-dry-run", 0, test_send_dry_run);
  ADD ("send-without-account", 0, test_send_without_account);
  ADD ("resend-and-send", 0, test_resend_and_send);
  ADD ("empty", 1, test_empty);
  g_test_add_func ("/ui/outbox-window/from-main-window", test_from_main_window);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
