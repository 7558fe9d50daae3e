/* test-calls.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Logging calls: the 'call' event, the follow-up task, the tasks a call
 * does, the customer's own day, taking a call back, and a call that fails
 * halfway leaving nothing written.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "cbz-clock.h"
#include "cbz-store-calls.h"
#include "cbz-store-tasks.h"
#include "cbz-test-util.h"

typedef struct
{
  char     *path;
  CbzClock *clock;
  CbzStore *store;
  gint64    debtor_id;
} Fixture;

/* 2027-03-17 09:00 in Mexico City. */
#define MORNING G_GINT64_CONSTANT (1805295600000000)

static gint64
add_debtor (CbzStore   *store,
            const char *name,
            const char *country,
            const char *region)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  g_autoptr(GError) error = NULL;

  debtor->name = g_strdup (name);
  debtor->country = g_strdup (country);
  debtor->region = g_strdup (region);
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);
  return debtor->id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 at;

  g_assert_true (cbz_clock_parse_instant ("2027-03-17T09:00:00-06:00", &at, &error));
  g_assert_cmpint (at, ==, MORNING);
  fixture->clock = cbz_clock_new_manual (MORNING);
  cbz_clock_set_default (fixture->clock);
  fixture->path = cbz_test_build_tmp_path ("calls.sqlite");
  fixture->store = cbz_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->debtor_id = add_debtor (fixture->store, "Abarrotes La Esperanza", "MX", "Jalisco");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  cbz_clock_set_default (NULL);
  g_clear_object (&fixture->clock);
  g_free (fixture->path);
}

/* One number from the file, read as any other program would. */
static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_call_event (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  logged = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_LEFT_MESSAGE,
                               "Dejé recado con la recepcionista", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (logged);
  g_assert_cmpint (logged->task_id, ==, 0);
  g_assert_cmpuint (logged->completed_tasks->len, ==, 0);

  event = cbz_store_get_event (fixture->store, logged->event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cbz_event_get_kind (event), ==, CBZ_EVENT_KIND_CALL);
  g_assert_cmpint (cbz_event_get_channel (event), ==, CBZ_EVENT_CHANNEL_PHONE);
  g_assert_cmpint (cbz_event_get_direction (event), ==, CBZ_EVENT_DIRECTION_OUTBOUND);
  g_assert_cmpint (cbz_event_get_occurred_at (event), ==, MORNING);
  g_assert_cmpstr (cbz_event_get_summary (event), ==, "Called and left a message");
  g_assert_cmpstr (cbz_event_get_body (event), ==, "Dejé recado con la recepcionista");
  g_assert_cmpstr (cbz_event_get_recorded_by (event), ==, cbz_event_get_local_user ());
  g_assert_cmpstr (cbz_event_get_data (event), ==,
                   "{\"outcome\":\"left-message\",\"follow_up\":null,\"task_id\":null,\"completed_tasks\":[]}");

  /* A call is contact: the list's "last contact" moves. */
  g_assert_cmpint (query_int (fixture, "SELECT last_contact_at FROM debtor_summaries"), ==, MORNING);
  tasks = cbz_store_list_open_tasks (fixture->store, fixture->debtor_id, NULL, &error);
  g_assert_cmpuint (tasks->len, ==, 0);
}

static void
test_follow_up_task (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) first = NULL;
  g_autoptr(CbzCallLogged) early = NULL;
  g_autoptr(CbzCallLogged) second = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(CbzTask) task = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *data_json = NULL;
  CbzDate friday = cbz_date_init (2027, 3, 19);

  first = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_CALL_BACK,
                              "Llamar el viernes después de las 4", &friday, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->task_id, >, 0);

  task = cbz_store_get_task (fixture->store, first->task_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (task->kind, ==, CBZ_TASK_KIND_CALL_BACK);
  g_assert_true (cbz_date_equal (task->due_on, friday));
  g_assert_cmpint (task->source_event, ==, first->event_id);
  g_assert_cmpstr (task->note, ==, "Llamar el viernes después de las 4");
  g_assert_cmpint (task->done_at, ==, 0);
  event = cbz_store_get_event (fixture->store, first->event_id, &error);
  data_json = g_strdup_printf ("{\"outcome\":\"call-back\",\"follow_up\":\"2027-03-19\",\"task_id\":%"
                               G_GINT64_FORMAT ",\"completed_tasks\":[]}", first->task_id);
  g_assert_cmpstr (cbz_event_get_data (event), ==, data_json);

  /* A call before Friday does not do Friday's task. */
  early = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_NO_ANSWER, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (early->completed_tasks->len, ==, 0);
  tasks = cbz_store_list_open_tasks (fixture->store, fixture->debtor_id, NULL, &error);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_clear_pointer (&tasks, g_ptr_array_unref);

  /* On Friday the call is the call back: the task is done by it. */
  cbz_clock_set (fixture->clock, MORNING + 2 * G_TIME_SPAN_DAY);
  second = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_PROMISED_TO_PAY,
                               "Paga el lunes", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->completed_tasks->len, ==, 1);
  g_assert_cmpint (g_array_index (second->completed_tasks, gint64, 0), ==, first->task_id);
  g_clear_pointer (&task, cbz_task_unref);
  task = cbz_store_get_task (fixture->store, first->task_id, &error);
  g_assert_cmpint (task->done_at, ==, MORNING + 2 * G_TIME_SPAN_DAY);
  g_assert_cmpint (task->done_event, ==, second->event_id);
  tasks = cbz_store_list_open_tasks (fixture->store, fixture->debtor_id, NULL, &error);
  g_assert_cmpuint (tasks->len, ==, 0);
}

static void
test_other_follow_up_kind (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autoptr(CbzTask) task = NULL;
  CbzDate today = cbz_date_init (2027, 3, 17);

  /* A follow-up the same day is allowed: it is the customer's today. */
  logged = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_NO_ANSWER, "", &today, &error);
  g_assert_no_error (error);
  task = cbz_store_get_task (fixture->store, logged->task_id, &error);
  g_assert_cmpint (task->kind, ==, CBZ_TASK_KIND_FOLLOW_UP);
  g_assert_null (task->note);
}

static void
test_call_context (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(CbzInvoice) later = cbz_invoice_new ();
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autoptr(CbzCallContext) before = NULL;
  g_autoptr(CbzCallContext) on_the_day = NULL;
  CbzDate today = cbz_date_init (2027, 3, 17);
  CbzDate friday = cbz_date_init (2027, 3, 19);

  invoice->debtor_id = later->debtor_id = fixture->debtor_id;
  invoice->number = g_strdup ("F-1");
  invoice->due_date = g_strdup ("2027-02-01");
  later->number = g_strdup ("F-2");
  later->due_date = g_strdup ("2027-04-01");
  invoice->currency = g_strdup ("MXN");
  later->currency = g_strdup ("MXN");
  invoice->amount = invoice->balance = 125050;
  later->amount = later->balance = 990000;
  g_assert_true (cbz_store_save_invoice (fixture->store, invoice, &error));
  g_assert_true (cbz_store_save_invoice (fixture->store, later, &error));
  logged = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_CALL_BACK, NULL, &friday,
                               &error);
  g_assert_no_error (error);

  /* What the form starts from: the customer's day, what is overdue (not
   * what is only owed) and the tasks a call now would do. */
  before = cbz_store_get_call_context (fixture->store, fixture->debtor_id, &error);
  g_assert_no_error (error);
  g_assert_true (cbz_date_equal (before->today, today));
  g_assert_cmpstr (before->currency, ==, "MXN");
  g_assert_cmpint (before->overdue, ==, 125050);
  g_assert_cmpuint (before->due_tasks->len, ==, 0);

  cbz_clock_set (fixture->clock, MORNING + 2 * G_TIME_SPAN_DAY);
  on_the_day = cbz_store_get_call_context (fixture->store, fixture->debtor_id, &error);
  g_assert_cmpuint (on_the_day->due_tasks->len, ==, 1);
  g_assert_cmpint (((CbzTask *) on_the_day->due_tasks->pdata[0])->id, ==, logged->task_id);

  g_assert_null (cbz_store_get_call_context (fixture->store, 9999, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
}

static void
test_customer_day (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) tijuana_call = NULL;
  g_autoptr(CbzCallLogged) santiago_call = NULL;
  gint64 tijuana = add_debtor (fixture->store, "Mariscos Ensenada", "MX", "Baja California");
  gint64 santiago = add_debtor (fixture->store, "Comercial Providencia", "CL", "RM");
  gint64 events_before;
  CbzDate the_17th = cbz_date_init (2027, 3, 17);
  CbzDate today;
  gint64 late;

  /* 23:30 in Mexico City: still the 17th in Tijuana (22:30), already the
   * 18th in Santiago (02:30). */
  g_assert_true (cbz_clock_parse_instant ("2027-03-17T23:30:00-06:00", &late, &error));
  cbz_clock_set (fixture->clock, late);
  g_assert_true (cbz_store_get_customer_today (fixture->store, tijuana, &today, &error));
  g_assert_true (cbz_date_equal (today, the_17th));
  g_assert_true (cbz_store_get_customer_today (fixture->store, santiago, &today, &error));
  g_assert_true (cbz_date_equal (today, cbz_date_init (2027, 3, 18)));

  tijuana_call = cbz_store_log_call (fixture->store, tijuana, CBZ_CALL_OUTCOME_CALL_BACK, NULL, &the_17th, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tijuana_call);

  events_before = query_int (fixture, "SELECT count(*) FROM events");
  santiago_call = cbz_store_log_call (fixture->store, santiago, CBZ_CALL_OUTCOME_CALL_BACK, NULL, &the_17th, &error);
  g_assert_null (santiago_call);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2027-03-17"));
  g_assert_nonnull (strstr (error->message, "2027-03-18"));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM events"), ==, events_before);
  g_clear_error (&error);

  /* The customer's own zone wins over the region's. */
  exec_sql (fixture, "UPDATE debtors SET time_zone = 'America/Los_Angeles' WHERE name = 'Comercial Providencia'");
  g_assert_true (cbz_store_get_customer_today (fixture->store, santiago, &today, &error));
  g_assert_true (cbz_date_equal (today, the_17th));

  g_assert_false (cbz_store_get_customer_today (fixture->store, 9999, &today, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
}

static void
test_undo_call (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) asked = NULL;
  g_autoptr(CbzCallLogged) mistaken = NULL;
  g_autoptr(CbzCallLogged) real = NULL;
  g_autoptr(CbzTask) task = NULL;
  g_autoptr(CbzEvent) gone = NULL;
  CbzDate today = cbz_date_init (2027, 3, 17);
  CbzDate monday = cbz_date_init (2027, 3, 22);

  asked = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_CALL_BACK, NULL, &today, &error);
  g_assert_no_error (error);
  cbz_clock_advance (fixture->clock, G_TIME_SPAN_HOUR);
  mistaken = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_WRONG_NUMBER, NULL,
                                 &monday, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mistaken->completed_tasks->len, ==, 1);

  /* Taken back: its event and task go, the task it did is open again, and
   * last contact is the first call's again. */
  g_assert_true (cbz_store_undo_call (fixture->store, mistaken->event_id, &error));
  g_assert_no_error (error);
  gone = cbz_store_get_event (fixture->store, mistaken->event_id, &error);
  g_assert_null (gone);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cbz_store_get_task (fixture->store, mistaken->task_id, &error));
  g_clear_error (&error);
  task = cbz_store_get_task (fixture->store, asked->task_id, &error);
  g_assert_cmpint (task->done_at, ==, 0);
  g_assert_cmpint (task->done_event, ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT last_contact_at FROM debtor_summaries"), ==, MORNING);

  /* A call whose follow-up was done since stays. */
  real = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_NO_ANSWER, NULL, &monday, &error);
  g_assert_true (cbz_store_complete_task (fixture->store, real->task_id, 0, &error));
  g_assert_false (cbz_store_undo_call (fixture->store, real->event_id, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cbz_store_undo_call (fixture->store, real->event_id + 100, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
}

/* The task insert fails after the event was written and another task was
 * done: nothing of the call is left. */
static void
test_failure_midway (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) asked = NULL;
  g_autoptr(CbzCallLogged) failed = NULL;
  g_autoptr(CbzTask) task = NULL;
  CbzDate today = cbz_date_init (2027, 3, 17);
  CbzDate monday = cbz_date_init (2027, 3, 22);
  gint64 events_before;

  asked = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_CALL_BACK, NULL, &today, &error);
  g_assert_no_error (error);
  events_before = query_int (fixture, "SELECT count(*) FROM events");
  exec_sql (fixture, "CREATE TRIGGER no_tasks BEFORE INSERT ON tasks BEGIN SELECT RAISE (ABORT, 'disk full'); END");
  cbz_clock_advance (fixture->clock, G_TIME_SPAN_HOUR);

  failed = cbz_store_log_call (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_NO_ANSWER, NULL, &monday, &error);
  g_assert_null (failed);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM events"), ==, events_before);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM tasks"), ==, 1);
  task = cbz_store_get_task (fixture->store, asked->task_id, NULL);
  g_assert_cmpint (task->done_at, ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT last_contact_at FROM debtor_summaries"), ==, MORNING);
}

typedef struct
{
  GAsyncResult *result;
  guint         changed;
} AsyncWait;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
on_changed_cb (CbzStore  *store,
               AsyncWait *wait)
{
  wait->changed++;
}

static gboolean
has_result_cb (gpointer data)
{
  return ((AsyncWait *) data)->result != NULL;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  AsyncWait wait = { NULL, 0 };
  CbzDate monday = cbz_date_init (2027, 3, 22);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed_cb), &wait);

  cbz_store_log_call_async (fixture->store, fixture->debtor_id, CBZ_CALL_OUTCOME_DISPUTES, "Dice que no recibió",
                            &monday, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  logged = cbz_store_log_call_finish (fixture->store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (logged->task_id, >, 0);
  /* The page hears of it before the callback runs. */
  g_assert_cmpuint (wait.changed, ==, 1);
  g_clear_object (&wait.result);

  cbz_store_list_open_tasks_async (fixture->store, fixture->debtor_id, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  tasks = cbz_store_list_open_tasks_finish (fixture->store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_clear_object (&wait.result);

  cbz_store_complete_task_async (fixture->store, logged->task_id, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  g_assert_true (cbz_store_complete_task_finish (fixture->store, wait.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (wait.changed, ==, 2);
  g_clear_object (&wait.result);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = cbz_store_list_open_tasks (fixture->store, fixture->debtor_id, NULL, &error);
  g_assert_cmpuint (tasks->len, ==, 0);

  cbz_store_complete_task_async (fixture->store, 4242, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  g_assert_false (cbz_store_complete_task_finish (fixture->store, wait.result, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&wait.result);

  cbz_store_undo_call_async (fixture->store, logged->event_id, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  g_assert_false (cbz_store_undo_call_finish (fixture->store, wait.result, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_object (&wait.result);

  g_signal_handlers_disconnect_by_func (fixture->store, on_changed_cb, &wait);
}

#define CALL_TEST(path, func) \
  g_test_add ("/store/calls/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  CALL_TEST ("event", test_call_event);
  CALL_TEST ("follow-up-task", test_follow_up_task);
  CALL_TEST ("follow-up-kind", test_other_follow_up_kind);
  CALL_TEST ("context", test_call_context);
  CALL_TEST ("customer-day", test_customer_day);
  CALL_TEST ("undo", test_undo_call);
  CALL_TEST ("failure-midway", test_failure_midway);
  CALL_TEST ("async", test_async);

  return g_test_run ();
}
