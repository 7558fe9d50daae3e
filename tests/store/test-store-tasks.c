/* test-store-tasks.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-clock.h"
#include "cbz-store-tasks.h"
#include "cbz-test-util.h"

static CbzStore *
open_with_debtor (gint64 *debtor_id)
{
  g_autofree char *path = cbz_test_build_tmp_path ("tasks.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  CbzStore *store = cbz_store_open (path, &error);

  g_assert_no_error (error);
  debtor->name = g_strdup ("Abarrotes La Esperanza");
  g_assert_true (cbz_store_save_debtor (store, debtor, &error));
  g_assert_no_error (error);
  *debtor_id = debtor->id;
  return store;
}

static void
test_tasks_add_list_complete (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzTask) call_back = cbz_task_new ();
  g_autoptr(CbzTask) follow_up = cbz_task_new ();
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(CbzTask) read = NULL;
  CbzDate until = cbz_date_init (2027, 3, 18);
  gint64 debtor_id;
  g_autoptr(CbzStore) store = open_with_debtor (&debtor_id);

  call_back->debtor_id = debtor_id;
  call_back->kind = CBZ_TASK_KIND_CALL_BACK;
  call_back->due_on = cbz_date_init (2027, 3, 19);
  call_back->note = g_strdup ("Llamar después de las 4");
  g_assert_cmpint (cbz_store_add_task (store, call_back, &error), >, 0);
  g_assert_no_error (error);
  /* Recorded by the person at this computer. */
  g_assert_cmpstr (call_back->recorded_by, ==, cbz_event_get_local_user ());

  follow_up->debtor_id = debtor_id;
  follow_up->kind = CBZ_TASK_KIND_FOLLOW_UP;
  follow_up->due_on = cbz_date_init (2027, 3, 17);
  g_assert_cmpint (cbz_store_add_task (store, follow_up, &error), >, 0);

  /* By due date; the limit leaves the 19th out. */
  open = cbz_store_list_open_tasks (store, debtor_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_cmpint (((CbzTask *) open->pdata[0])->id, ==, follow_up->id);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = cbz_store_list_open_tasks (store, 0, &until, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);

  g_assert_true (cbz_store_complete_task (store, follow_up->id, 0, &error));
  g_assert_no_error (error);
  read = cbz_store_get_task (store, follow_up->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->done_at, >, 0);
  g_assert_cmpstr (cbz_task_kind_to_string (read->kind), ==, "follow-up");
  open = cbz_store_list_open_tasks (store, debtor_id, NULL, &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpstr (((CbzTask *) open->pdata[0])->note, ==, "Llamar después de las 4");
}

static void
test_tasks_key_is_idempotent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzTask) first = cbz_task_new ();
  g_autoptr(CbzTask) again = cbz_task_new ();
  g_autoptr(GPtrArray) open = NULL;
  gint64 debtor_id;
  g_autoptr(CbzStore) store = open_with_debtor (&debtor_id);

  first->debtor_id = again->debtor_id = debtor_id;
  first->kind = again->kind = CBZ_TASK_KIND_CADENCE_CALL;
  first->due_on = again->due_on = cbz_date_init (2027, 4, 2);
  first->key = g_strdup ("1:estandar:5:2027-03-03:0");
  again->key = g_strdup (first->key);

  g_assert_cmpint (cbz_store_add_task (store, first, &error), >, 0);
  /* A cadence's call is the program's, not a person's. */
  g_assert_null (first->recorded_by);
  g_assert_cmpint (cbz_store_add_task (store, again, &error), ==, first->id);
  g_assert_no_error (error);
  open = cbz_store_list_open_tasks (store, debtor_id, NULL, &error);
  g_assert_cmpuint (open->len, ==, 1);
}

static void
test_tasks_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzTask) task = cbz_task_new ();
  gint64 debtor_id;
  g_autoptr(CbzStore) store = open_with_debtor (&debtor_id);

  task->debtor_id = debtor_id;
  g_assert_cmpint (cbz_store_add_task (store, task, &error), ==, 0);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (cbz_store_get_task (store, 999, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
}

static void
test_events_recorded_by (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzEvent) note = NULL;
  g_autoptr(CbzEvent) read = NULL;
  gint64 debtor_id;
  g_autoptr(CbzStore) store = open_with_debtor (&debtor_id);

  note = cbz_event_new (debtor_id, CBZ_EVENT_KIND_DISPUTE, "Factura A-12 en disputa");
  cbz_event_set_recorded_by (note, "María Pérez");
  g_assert_cmpint (cbz_store_add_event (store, note, &error), >, 0);
  read = cbz_store_get_event (store, cbz_event_get_id (note), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cbz_event_get_recorded_by (read), ==, "María Pérez");
  g_assert_cmpint (cbz_event_get_kind (read), ==, CBZ_EVENT_KIND_DISPUTE);
  g_assert_cmpstr (cbz_event_kind_to_string (CBZ_EVENT_KIND_WRITE_OFF), ==, "write-off");
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/tasks/add-list-complete", test_tasks_add_list_complete);
  g_test_add_func ("/store/tasks/key-is-idempotent", test_tasks_key_is_idempotent);
  g_test_add_func ("/store/tasks/refused", test_tasks_refused);
  g_test_add_func ("/store/events/recorded-by", test_events_recorded_by);

  return g_test_run ();
}
