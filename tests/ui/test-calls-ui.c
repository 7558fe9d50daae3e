/* test-calls-ui.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calls, disputes, notes, reasons and opt-outs through the real widgets of
 * the main window: choose the outcome, type the note, press Log, and find
 * the call on the customer's timeline; dispute an invoice and resolve it;
 * the tasks, disputes and reason on the page. Every write runs on the
 * store's worker connections.
 *
 * Needs a display and a session bus: xvfb-run -a dbus-run-session -- meson
 * test. With CBZ_SCREENSHOT_DIR=DIR it also saves pictures of the call
 * dialog, the dispute dialog and the customer page (run it with
 * LANG=es_MX.UTF-8 for the Spanish ones, CBZ_SCREENSHOT_SIZE=WIDTHxHEIGHT for
 * a narrow window).
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "cbz-application.h"
#include "cbz-call-actions.h"
#include "cbz-call-dialog.h"
#include "cbz-call-tasks.h"
#include "cbz-clock.h"
#include "cbz-debtor-detail.h"
#include "cbz-dispute-dialog.h"
#include "cbz-dispute-resolve-dialog.h"
#include "cbz-dispute-status.h"
#include "cbz-note-dialog.h"
#include "cbz-opt-out-dialog.h"
#include "cbz-reason-dialog.h"
#include "cbz-reason-status.h"
#include "cbz-store-calls.h"
#include "cbz-store-disputes.h"
#include "cbz-store-notes.h"
#include "cbz-test-gtk.h"
#include "cbz-test-util.h"
#include "cbz-ui-resources.h"
#include "cbz-window.h"

#define TIMEOUT_MS 20000

static CbzApplication *app;

typedef struct
{
  char            *path;
  CbzClock        *clock;
  CbzStore        *store;     /* the test's own connection, for setting up and reading back */
  CbzWindow       *window;
  CbzDebtorDetail *detail;
  gint64           debtor_id;
  gint64           old_invoice;
} Fixture;

/* Widgets */

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
row_titled_cb (GtkWidget     *widget,
               gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
button_labelled_cb (GtkWidget     *widget,
                    gconstpointer  label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
button_action_cb (GtkWidget     *widget,
                  gconstpointer  action)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
label_says_cb (GtkWidget     *widget,
               gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
}

/* The open toplevel of @type, if any. */
static GtkWidget *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} ToplevelWait;

static gboolean
toplevel_shown_cb (gpointer data)
{
  ToplevelWait *wait = data;

  wait->found = find_toplevel (wait->type);
  return wait->found != NULL;
}

static gboolean
toplevel_gone_cb (gpointer data)
{
  return find_toplevel (((ToplevelWait *) data)->type) == NULL;
}

static GtkWidget *
wait_for_toplevel (GType type)
{
  ToplevelWait wait = { type, NULL };

  g_assert_true (cbz_test_spin_until (toplevel_shown_cb, &wait, TIMEOUT_MS));
  return wait.found;
}

static void
wait_until_closed (GType type)
{
  ToplevelWait wait = { type, NULL };

  g_assert_true (cbz_test_spin_until (toplevel_gone_cb, &wait, TIMEOUT_MS));
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

  return find_widget (wait->window, GTK_TYPE_LABEL, label_says_cb, wait->text) != NULL;
}

static void
wait_for_toast (Fixture    *fixture,
                const char *text)
{
  ToastWait wait = { GTK_WIDGET (fixture->window), text };

  g_assert_true (cbz_test_spin_until (toast_shown_cb, &wait, TIMEOUT_MS));
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
set_row_text (GtkWidget  *dialog,
              const char *title,
              const char *text)
{
  GtkWidget *row = find_widget (dialog, ADW_TYPE_ENTRY_ROW, row_titled_cb, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("CBZ_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  cbz_test_spin (600);
  path = g_build_filename (dir, name, NULL);
  cbz_test_save_screenshot (widget, path);
}

/* What is on disk, read as any other program would. */
static gint64
count_in (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, fixture->debtor_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

typedef struct
{
  Fixture    *fixture;
  const char *sql;
  gint64      expected;
} CountWait;

static gboolean
count_is_cb (gpointer data)
{
  CountWait *wait = data;

  return count_in (wait->fixture, wait->sql) == wait->expected;
}

static void
wait_for_count (Fixture    *fixture,
                const char *sql,
                gint64      expected)
{
  CountWait wait = { fixture, sql, expected };

  g_assert_true (cbz_test_spin_until (count_is_cb, &wait, TIMEOUT_MS));
}

/* The page's timeline model has an event of @kind whose body is @body. */
typedef struct
{
  GListModel   *model;
  CbzEventKind  kind;
  const char   *body;
} TimelineWait;

static gboolean
timeline_has_cb (gpointer data)
{
  TimelineWait *wait = data;

  for (guint i = 0; i < g_list_model_get_n_items (wait->model); i++)
    {
      g_autoptr(CbzEvent) event = g_list_model_get_item (wait->model, i);

      if (cbz_event_get_kind (event) == wait->kind && g_strcmp0 (cbz_event_get_body (event), wait->body) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
dialog_ready_cb (gpointer data)
{
  return cbz_call_dialog_is_ready (data);
}

static gboolean
dispute_dialog_ready_cb (gpointer data)
{
  return cbz_dispute_dialog_is_ready (data);
}

static gboolean
tasks_shown_cb (gpointer data)
{
  return cbz_call_tasks_get_n_open (data) == 1 && gtk_widget_get_visible (data);
}

static gboolean
no_tasks_cb (gpointer data)
{
  return cbz_call_tasks_get_n_open (data) == 0 && !gtk_widget_get_visible (data);
}

static gboolean
dispute_shown_cb (gpointer data)
{
  return cbz_dispute_status_get_n_open (data) == 1 && gtk_widget_get_visible (data);
}

static gboolean
no_disputes_cb (gpointer data)
{
  return cbz_dispute_status_get_n_open (data) == 0 && !gtk_widget_get_visible (data);
}

static gboolean
reason_shown_cb (gpointer data)
{
  return cbz_reason_status_get_text (data) != NULL;
}

static gboolean
main_store_open_cb (gpointer data)
{
  return cbz_window_get_store (data) != NULL;
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

/* Fixture: one customer owing two invoices, the window on their page. */

static gint64
add_invoice (Fixture    *fixture,
             const char *number,
             const char *due,
             gint64      amount)
{
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(GError) error = NULL;

  invoice->debtor_id = fixture->debtor_id;
  invoice->number = g_strdup (number);
  invoice->issue_date = g_strdup ("2027-01-01");
  invoice->due_date = g_strdup (due);
  invoice->currency = g_strdup ("MXN");
  invoice->amount = amount;
  invoice->balance = amount;
  g_assert_true (cbz_store_save_invoice (fixture->store, invoice, &error));
  g_assert_no_error (error);
  return invoice->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  DetailWait shown = { NULL, 0 };
  gint64 now;

  g_assert_true (cbz_clock_parse_instant ("2027-03-17T10:00:00-06:00", &now, &error));
  fixture->clock = cbz_clock_new_manual (now);
  cbz_clock_set_default (fixture->clock);
  fixture->path = cbz_test_build_tmp_path ("calls-ui.sqlite");
  fixture->store = cbz_store_open (fixture->path, &error);
  g_assert_no_error (error);

  debtor->name = g_strdup ("Ferretería del Centro, S.A. de C.V.");
  debtor->country = g_strdup ("MX");
  debtor->region = g_strdup ("Jalisco");
  debtor->mobile = g_strdup ("+523312345678");
  g_assert_true (cbz_store_save_debtor (fixture->store, debtor, &error));
  fixture->debtor_id = debtor->id;
  fixture->old_invoice = add_invoice (fixture, "F-1042", "2027-01-31", 1850000);
  add_invoice (fixture, "F-1107", "2027-03-01", 420050);

  fixture->window = g_object_ref_sink (cbz_window_new (app, fixture->path));
  {
    /* CBZ_SCREENSHOT_SIZE=WIDTHxHEIGHT: how narrow windows look. */
    const char *size = g_getenv ("CBZ_SCREENSHOT_SIZE");
    int width = 1280, height = 800;

    if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
      width = 1280, height = 800;
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  }
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (cbz_test_spin_until (main_store_open_cb, fixture->window, TIMEOUT_MS));
  fixture->detail = CBZ_DEBTOR_DETAIL (find_widget (GTK_WIDGET (fixture->window), CBZ_TYPE_DEBTOR_DETAIL,
                                                    NULL, NULL));
  shown.detail = fixture->detail;
  shown.id = fixture->debtor_id;
  cbz_window_show_debtor (fixture->window, fixture->debtor_id);
  g_assert_true (cbz_test_spin_until (detail_shows_cb, &shown, TIMEOUT_MS));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->store);
  cbz_clock_set_default (NULL);
  g_clear_object (&fixture->clock);
  g_free (fixture->path);
}

static CbzCallDialog *
open_call_dialog (Fixture *fixture)
{
  CbzCallDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), "call.log", NULL));
  dialog = CBZ_CALL_DIALOG (wait_for_toplevel (CBZ_TYPE_CALL_DIALOG));
  g_assert_true (cbz_test_spin_until (dialog_ready_cb, dialog, TIMEOUT_MS));
  return dialog;
}

/* Tests */

static void
test_log_call (Fixture       *fixture,
               gconstpointer  data)
{
  CbzCallDialog *dialog;
  GtkWidget *outcome;
  GtkWidget *follow_up;
  GtkWidget *button;
  CbzCallActions *actions = cbz_call_actions_get_for_detail (fixture->detail);
  GtkWidget *tasks = cbz_call_actions_get_tasks (actions);
  TimelineWait timeline = { cbz_debtor_detail_get_timeline (fixture->detail), CBZ_EVENT_KIND_CALL,
                            "Contestó la asistente; el dueño vuelve el viernes" };

  g_autoptr(CbzCallLogged) earlier = NULL;
  g_autoptr(GError) error = NULL;
  CbzDate today = cbz_date_init (2027, 3, 17);
  GtkWidget *due_row;

  /* Yesterday's call asked for a call back today. */
  cbz_clock_advance (fixture->clock, -G_TIME_SPAN_DAY);
  earlier = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_CALL_BACK, NULL, &today,
                                &error);
  g_assert_no_error (error);
  cbz_clock_advance (fixture->clock, G_TIME_SPAN_DAY);
  cbz_store_mark_changed (cbz_window_get_store (fixture->window));
  g_assert_true (cbz_test_spin_until (tasks_shown_cb, tasks, TIMEOUT_MS));

  /* The page's "Log Call" button is the same action. */
  button = find_widget (GTK_WIDGET (fixture->detail), GTK_TYPE_BUTTON, button_action_cb, "call.log");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), _("Log Call")));

  dialog = open_call_dialog (fixture);
  /* The form says this call does today's call back. */
  due_row = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, row_titled_cb, _("Tasks This Call Completes"));
  g_assert_true (gtk_widget_get_visible (due_row));
  outcome = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, row_titled_cb, _("_Outcome"));
  g_assert_nonnull (outcome);
  adw_combo_row_set_selected (ADW_COMBO_ROW (outcome), CBZ_CALL_OUTCOME_CALL_BACK);
  set_row_text (GTK_WIDGET (dialog), _("_Note"), "Contestó la asistente; el dueño vuelve el viernes");
  /* "Asked to call back" turns the follow-up on, for tomorrow by default. */
  follow_up = find_widget (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW, NULL, NULL);
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (follow_up)));
  maybe_screenshot (GTK_WIDGET (dialog), "calls-call-dialog.png");

  click (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled_cb, _("_Log")));
  wait_until_closed (CBZ_TYPE_CALL_DIALOG);
  g_assert_true (cbz_test_spin_until (timeline_has_cb, &timeline, TIMEOUT_MS));
  wait_for_toast (fixture, _("Call logged on the timeline"));
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM events WHERE debtor_id = ?1 AND kind = 'call'"
                                      " AND channel = 'phone' AND direction = 'outbound'"
                                      " AND json_extract (data, '$.outcome') = 'call-back'"), ==, 2);

  /* Today's call back was done by the call; the new one is on the page,
   * due tomorrow, and "Done" does it. */
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM tasks WHERE debtor_id = ?1 AND due_on = '2027-03-17'"
                                      " AND done_event IS NOT NULL"), ==, 1);
  g_assert_true (cbz_test_spin_until (tasks_shown_cb, tasks, TIMEOUT_MS));
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM tasks WHERE debtor_id = ?1 AND kind = 'call-back'"
                                      " AND due_on = '2027-03-18' AND done_at IS NULL"), ==, 1);
  click (find_widget (tasks, GTK_TYPE_BUTTON, button_labelled_cb, _("_Done")));
  g_assert_true (cbz_test_spin_until (no_tasks_cb, tasks, TIMEOUT_MS));
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM tasks WHERE debtor_id = ?1 AND done_at IS NOT NULL"),
                   ==, 2);
}

static void
test_undo_call (Fixture       *fixture,
                gconstpointer  data)
{
  CbzCallDialog *dialog = open_call_dialog (fixture);
  GtkWidget *undo;

  cbz_call_dialog_set_outcome (dialog, CBZ_CALL_OUTCOME_WRONG_NUMBER);
  click (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled_cb, _("_Log")));
  wait_until_closed (CBZ_TYPE_CALL_DIALOG);
  wait_for_toast (fixture, _("Call logged on the timeline"));
  wait_for_count (fixture, "SELECT count(*) FROM events WHERE debtor_id = ?1 AND kind = 'call'", 1);

  undo = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, button_labelled_cb, _("_Undo"));
  click (undo);
  wait_for_count (fixture, "SELECT count(*) FROM events WHERE debtor_id = ?1 AND kind = 'call'", 0);
}

typedef struct
{
  guint  n;
  gint64 debtor_id;
  char  *date;
  gint64 amount;
  char  *currency;
} Requested;

static void
on_promise_requested_cb (GObject    *source,
                         gint64      debtor_id,
                         const char *date,
                         gint64      amount,
                         const char *currency,
                         Requested  *requested)
{
  requested->n++;
  requested->debtor_id = debtor_id;
  g_free (requested->date);
  requested->date = g_strdup (date);
  requested->amount = amount;
  g_free (requested->currency);
  requested->currency = g_strdup (currency);
}

static void
on_payment_requested_cb (GObject   *source,
                         gint64     debtor_id,
                         Requested *requested)
{
  requested->n++;
  requested->debtor_id = debtor_id;
}

static void
test_promised_to_pay (Fixture       *fixture,
                      gconstpointer  data)
{
  CbzCallActions *actions = cbz_call_actions_get_for_detail (fixture->detail);
  Requested promise = { 0, };
  Requested payment = { 0, };
  CbzCallDialog *dialog;
  GtkWidget *amount;
  GtkWidget *error_label;

  g_signal_connect (actions, "promise-requested", G_CALLBACK (on_promise_requested_cb), &promise);
  g_signal_connect (actions, "payment-requested", G_CALLBACK (on_payment_requested_cb), &payment);

  dialog = open_call_dialog (fixture);
  cbz_call_dialog_set_outcome (dialog, CBZ_CALL_OUTCOME_PROMISED_TO_PAY);
  /* Pre-filled with what is overdue (both invoices), in a week. */
  amount = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, row_titled_cb, _("_Amount"));
  g_assert_true (gtk_widget_get_mapped (amount));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount)), ==, "22,700.50");

  /* Not an amount: said under the form, nothing written. */
  gtk_editable_set_text (GTK_EDITABLE (amount), "12,3,4");
  click (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled_cb, _("_Log")));
  error_label = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_says_cb, "12,3,4");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_has_css_class (amount, "error"));
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM events WHERE debtor_id = ?1 AND kind = 'call'"), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (amount), "10.000,00");
  click (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled_cb, _("_Log")));
  wait_until_closed (CBZ_TYPE_CALL_DIALOG);
  g_assert_cmpuint (promise.n, ==, 1);
  g_assert_cmpint (promise.debtor_id, ==, fixture->debtor_id);
  g_assert_cmpstr (promise.date, ==, "2027-03-24");
  g_assert_cmpint (promise.amount, ==, 1000000);
  g_assert_cmpstr (promise.currency, ==, "MXN");
  g_assert_cmpuint (payment.n, ==, 0);

  /* "Says it is paid already": the payment is for the window to offer. */
  dialog = open_call_dialog (fixture);
  cbz_call_dialog_set_outcome (dialog, CBZ_CALL_OUTCOME_PAID_ALREADY);
  click (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled_cb, _("_Log")));
  wait_until_closed (CBZ_TYPE_CALL_DIALOG);
  g_assert_cmpuint (payment.n, ==, 1);
  g_assert_cmpint (payment.debtor_id, ==, fixture->debtor_id);
  g_assert_cmpuint (promise.n, ==, 1);

  g_signal_handlers_disconnect_by_data (actions, &promise);
  g_signal_handlers_disconnect_by_data (actions, &payment);
  g_free (promise.date);
  g_free (promise.currency);
}

/* A call where the customer disputes an invoice goes on to the dispute
 * form; the dispute is resolved from the page. */
static void
test_dispute (Fixture       *fixture,
              gconstpointer  data)
{
  CbzCallActions *actions = cbz_call_actions_get_for_detail (fixture->detail);
  GtkWidget *disputes = cbz_call_actions_get_disputes (actions);
  CbzCallDialog *call;
  CbzDisputeDialog *dialog;
  CbzDisputeResolveDialog *resolve;
  GtkWidget *note;
  TimelineWait timeline = { cbz_debtor_detail_get_timeline (fixture->detail), CBZ_EVENT_KIND_DISPUTE,
                            "Dice que pidió 40 piezas, no 50" };

  call = open_call_dialog (fixture);
  cbz_call_dialog_set_outcome (call, CBZ_CALL_OUTCOME_DISPUTES);
  set_row_text (GTK_WIDGET (call), _("_Note"), "Dice que pidió 40 piezas, no 50");
  click (find_widget (GTK_WIDGET (call), GTK_TYPE_BUTTON, button_labelled_cb, _("_Log")));

  dialog = CBZ_DISPUTE_DIALOG (wait_for_toplevel (CBZ_TYPE_DISPUTE_DIALOG));
  g_assert_true (cbz_test_spin_until (dispute_dialog_ready_cb, dialog, TIMEOUT_MS));
  note = find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (note)), ==, "Dice que pidió 40 piezas, no 50");
  g_assert_true (cbz_dispute_dialog_select_invoice (dialog, fixture->old_invoice));
  cbz_dispute_dialog_set_reason (dialog, CBZ_DISPUTE_REASON_WRONG_AMOUNT);
  maybe_screenshot (GTK_WIDGET (dialog), "calls-dispute-dialog.png");
  click (find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled_cb, _("_Dispute")));
  wait_until_closed (CBZ_TYPE_DISPUTE_DIALOG);

  g_assert_true (cbz_test_spin_until (timeline_has_cb, &timeline, TIMEOUT_MS));
  g_assert_true (cbz_test_spin_until (dispute_shown_cb, disputes, TIMEOUT_MS));
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM invoices WHERE debtor_id = ?1 AND status = 'disputed'"
                                      " AND number = 'F-1042'"), ==, 1);
  g_assert_cmpint (count_in (fixture, "SELECT overdue_balance FROM debtor_summaries WHERE debtor_id = ?1"),
                   ==, 420050);

  /* Resolved from the page: upheld with a credit note. */
  click (find_widget (disputes, GTK_TYPE_BUTTON, button_labelled_cb, _("_Resolve…")));
  resolve = CBZ_DISPUTE_RESOLVE_DIALOG (wait_for_toplevel (CBZ_TYPE_DISPUTE_RESOLVE_DIALOG));
  set_row_text (GTK_WIDGET (resolve), _("_Credit Note Amount"), "3.700,00");
  set_row_text (GTK_WIDGET (resolve), _("_Note"), "Nota de crédito NC-88");
  maybe_screenshot (GTK_WIDGET (resolve), "calls-resolve-dialog.png");
  click (find_widget (GTK_WIDGET (resolve), GTK_TYPE_BUTTON, button_labelled_cb, _("_Resolve")));
  wait_until_closed (CBZ_TYPE_DISPUTE_RESOLVE_DIALOG);
  g_assert_true (cbz_test_spin_until (no_disputes_cb, disputes, TIMEOUT_MS));
  g_assert_cmpint (count_in (fixture, "SELECT balance FROM invoices WHERE debtor_id = ?1 AND number = 'F-1042'"),
                   ==, 1850000 - 370000);
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM invoices WHERE debtor_id = ?1"
                                      " AND status = 'partially-paid' AND number = 'F-1042'"), ==, 1);
}

/* The Record menu's forms: a note, a reason, the channels. */
static void
test_note_reason_opt_out (Fixture       *fixture,
                          gconstpointer  data)
{
  CbzCallActions *actions = cbz_call_actions_get_for_detail (fixture->detail);
  GtkWidget *reason_status = cbz_call_actions_get_reason (actions);
  TimelineWait timeline = { cbz_debtor_detail_get_timeline (fixture->detail), CBZ_EVENT_KIND_NOTE,
                            "El dueño paga los viernes" };
  CbzNoteDialog *note;
  CbzReasonDialog *reason;
  CbzOptOutDialog *channels;
  GtkTextView *text;
  GtkWidget *save;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), "note.add", NULL));
  note = CBZ_NOTE_DIALOG (wait_for_toplevel (CBZ_TYPE_NOTE_DIALOG));
  text = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (note), GTK_TYPE_TEXT_VIEW, NULL, NULL));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text), "El dueño paga los viernes", -1);
  maybe_screenshot (GTK_WIDGET (note), "calls-note-dialog.png");
  click (find_widget (GTK_WIDGET (note), GTK_TYPE_BUTTON, button_labelled_cb, _("_Add")));
  wait_until_closed (CBZ_TYPE_NOTE_DIALOG);
  g_assert_true (cbz_test_spin_until (timeline_has_cb, &timeline, TIMEOUT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), "reason.record", NULL));
  reason = CBZ_REASON_DIALOG (wait_for_toplevel (CBZ_TYPE_REASON_DIALOG));
  cbz_reason_dialog_set_reason (reason, CBZ_NONPAYMENT_REASON_CASH_FLOW);
  maybe_screenshot (GTK_WIDGET (reason), "calls-reason-dialog.png");
  click (find_widget (GTK_WIDGET (reason), GTK_TYPE_BUTTON, button_labelled_cb, _("_Record")));
  wait_until_closed (CBZ_TYPE_REASON_DIALOG);
  g_assert_true (cbz_test_spin_until (reason_shown_cb, reason_status, TIMEOUT_MS));
  g_assert_cmpstr (cbz_reason_status_get_text (CBZ_REASON_STATUS (reason_status)), ==,
                   cbz_nonpayment_reason_get_label (CBZ_NONPAYMENT_REASON_CASH_FLOW));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), "opt-out.edit", NULL));
  channels = CBZ_OPT_OUT_DIALOG (wait_for_toplevel (CBZ_TYPE_OPT_OUT_DIALOG));
  save = find_widget (GTK_WIDGET (channels), GTK_TYPE_BUTTON, button_labelled_cb, _("_Save"));
  cbz_opt_out_dialog_set_accepts (channels, CBZ_EVENT_CHANNEL_WHATSAPP, FALSE);
  /* No evidence yet: nothing to save. */
  g_assert_false (gtk_widget_is_sensitive (save));
  cbz_opt_out_dialog_set_evidence (channels, "Lo pidió por teléfono el 17 de marzo");
  maybe_screenshot (GTK_WIDGET (channels), "calls-channels-dialog.png");
  click (save);
  wait_until_closed (CBZ_TYPE_OPT_OUT_DIALOG);
  wait_for_count (fixture, "SELECT opt_out_whatsapp FROM debtors WHERE id = ?1", 1);
  g_assert_cmpint (count_in (fixture, "SELECT count(*) FROM events WHERE debtor_id = ?1 AND kind = 'opt-out'"
                                      " AND channel = 'whatsapp' AND recorded_by IS NOT NULL"), ==, 1);
}

/* The page with an open dispute and an open task, for the screenshots. */
static void
test_page (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autoptr(CbzDispute) dispute = NULL;
  CbzCallActions *actions = cbz_call_actions_get_for_detail (fixture->detail);
  CbzDate monday = cbz_date_init (2027, 3, 22);

  logged = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_CALL_BACK,
                               "Pidió que le llamemos el lunes por la mañana", &monday, &error);
  g_assert_no_error (error);
  dispute = cbz_store_open_dispute (fixture->store, fixture->old_invoice, CBZ_DISPUTE_REASON_NOT_RECEIVED,
                                    "Dice que no le llegó la mercancía", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cbz_store_set_nonpayment_reason (fixture->store, fixture->debtor_id,
                                                    CBZ_NONPAYMENT_REASON_DISPUTES_AMOUNT, NULL, &error), >, 0);
  /* Written on another connection: the window hears of it. */
  cbz_store_mark_changed (cbz_window_get_store (fixture->window));
  g_assert_true (cbz_test_spin_until (tasks_shown_cb, cbz_call_actions_get_tasks (actions), TIMEOUT_MS));
  g_assert_true (cbz_test_spin_until (dispute_shown_cb, cbz_call_actions_get_disputes (actions), TIMEOUT_MS));
  g_assert_true (cbz_test_spin_until (reason_shown_cb, cbz_call_actions_get_reason (actions), TIMEOUT_MS));
  maybe_screenshot (GTK_WIDGET (fixture->window), "calls-customer-page.png");
}

#define UI_TEST(path, func) \
  g_test_add ("/ui/calls/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

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
  /* The strings the test looks for are the translated ones. */
  textdomain (GETTEXT_PACKAGE);
  cbz_ui_register_resource ();

  app = cbz_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  UI_TEST ("log-call", test_log_call);
  UI_TEST ("undo-call", test_undo_call);
  UI_TEST ("promised-to-pay", test_promised_to_pay);
  UI_TEST ("dispute", test_dispute);
  UI_TEST ("note-reason-opt-out", test_note_reason_opt_out);
  UI_TEST ("page", test_page);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
