/* test-notes.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Notes, reasons for non-payment and opt-outs recorded by hand: their
 * events, who recorded them, and all-or-nothing writes.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "cbz-clock.h"
#include "cbz-store-notes.h"
#include "cbz-test-util.h"

typedef struct
{
  char     *path;
  CbzClock *clock;
  CbzStore *store;
  gint64    debtor_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();
  gint64 now;

  g_assert_true (cbz_clock_parse_instant ("2027-03-17T09:00:00-06:00", &now, &error));
  fixture->clock = cbz_clock_new_manual (now);
  cbz_clock_set_default (fixture->clock);
  fixture->path = cbz_test_build_tmp_path ("notes.sqlite");
  fixture->store = cbz_store_open (fixture->path, &error);
  g_assert_no_error (error);
  debtor->name = g_strdup ("Papelería Morelos");
  g_assert_true (cbz_store_save_debtor (fixture->store, debtor, &error));
  fixture->debtor_id = debtor->id;
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

static gint64
count_events (Fixture    *fixture,
              const char *kind)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM events WHERE kind = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static gint64
last_event_id (Fixture    *fixture,
               const char *kind)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT max (id) FROM events WHERE kind = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
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
test_note (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzEvent) event = NULL;
  gint64 id;

  id = cbz_store_add_note (fixture->store, fixture->debtor_id,
                           "  El dueño viaja hasta el 25; hablar con Lupita en compras.\n", &error);
  g_assert_no_error (error);
  event = cbz_store_get_event (fixture->store, id, &error);
  g_assert_cmpint (cbz_event_get_kind (event), ==, CBZ_EVENT_KIND_NOTE);
  g_assert_cmpint (cbz_event_get_direction (event), ==, CBZ_EVENT_DIRECTION_INTERNAL);
  g_assert_cmpstr (cbz_event_get_summary (event), ==, "Note added");
  g_assert_cmpstr (cbz_event_get_body (event), ==, "El dueño viaja hasta el 25; hablar con Lupita en compras.");
  g_assert_cmpstr (cbz_event_get_recorded_by (event), ==, cbz_event_get_local_user ());

  g_assert_cmpint (cbz_store_add_note (fixture->store, fixture->debtor_id, " \n ", &error), ==, 0);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cbz_store_add_note (fixture->store, 9999, "Hola", &error), ==, 0);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_events (fixture, "note"), ==, 1);

  g_assert_true (cbz_store_remove_note (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_events (fixture, "note"), ==, 0);
  g_assert_false (cbz_store_remove_note (fixture->store, id, &error));
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
}

static void
test_reason (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzReasonRecord) none = NULL;
  g_autoptr(CbzReasonRecord) record = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  gint64 id;

  none = cbz_store_get_nonpayment_reason (fixture->store, fixture->debtor_id, &error);
  g_assert_no_error (error);
  g_assert_false (none->known);

  id = cbz_store_set_nonpayment_reason (fixture->store, fixture->debtor_id, CBZ_NONPAYMENT_REASON_CASH_FLOW,
                                        "Esperan el pago de un cliente grande", &error);
  g_assert_no_error (error);
  cbz_clock_advance (fixture->clock, G_TIME_SPAN_DAY);
  id = cbz_store_set_nonpayment_reason (fixture->store, fixture->debtor_id,
                                        CBZ_NONPAYMENT_REASON_PAY_DAY_MISMATCH, NULL, &error);
  g_assert_no_error (error);

  event = cbz_store_get_event (fixture->store, id, &error);
  g_assert_cmpint (cbz_event_get_kind (event), ==, CBZ_EVENT_KIND_REASON);
  g_assert_cmpstr (cbz_event_get_summary (event), ==,
                   "Reason for not paying: the due date falls before the customer’s pay day");
  g_assert_cmpstr (cbz_event_get_data (event), ==, "{\"reason\":\"pay-day-mismatch\"}");
  g_assert_null (cbz_event_get_body (event));
  g_assert_cmpstr (cbz_event_get_recorded_by (event), ==, cbz_event_get_local_user ());

  /* The latest one counts. */
  record = cbz_store_get_nonpayment_reason (fixture->store, fixture->debtor_id, &error);
  g_assert_true (record->known);
  g_assert_cmpint (record->reason, ==, CBZ_NONPAYMENT_REASON_PAY_DAY_MISMATCH);
  g_assert_cmpint (record->recorded_at, ==, cbz_now ());
  g_assert_cmpstr (record->recorded_by, ==, cbz_event_get_local_user ());
  debtor = cbz_store_get_debtor (fixture->store, fixture->debtor_id, &error);
  g_assert_nonnull (debtor);
  g_assert_cmpint (count_events (fixture, "reason"), ==, 2);

  g_assert_cmpint (cbz_store_set_nonpayment_reason (fixture->store, 9999, CBZ_NONPAYMENT_REASON_OTHER, NULL,
                                                    &error), ==, 0);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (count_events (fixture, "reason"), ==, 2);
}

static void
test_opt_out_in_and_out (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(CbzEvent) event = NULL;
  const CbzOptOutChange stop[] = {
    { CBZ_EVENT_CHANNEL_WHATSAPP, TRUE },
    { CBZ_EVENT_CHANNEL_PHONE, TRUE },
    { CBZ_EVENT_CHANNEL_EMAIL, FALSE },  /* already allowed: no event */
  };
  const CbzOptOutChange back[] = { { CBZ_EVENT_CHANNEL_WHATSAPP, FALSE } };
  gint64 last;

  g_assert_cmpint (cbz_store_record_opt_outs (fixture->store, fixture->debtor_id, stop, G_N_ELEMENTS (stop),
                                              "Lo pidió por escrito, carta del 15/03", &error), ==, 2);
  g_assert_no_error (error);
  debtor = cbz_store_get_debtor (fixture->store, fixture->debtor_id, &error);
  g_assert_true (debtor->opt_out_whatsapp);
  g_assert_true (debtor->opt_out_call);
  g_assert_false (debtor->opt_out_email);
  g_assert_cmpint (count_events (fixture, "opt-out"), ==, 2);

  /* Opting back in is recorded too, with its evidence and who. */
  g_assert_cmpint (cbz_store_record_opt_outs (fixture->store, fixture->debtor_id, back, 1,
                                              "Llamó para pedir recordatorios por WhatsApp", &error), ==, 1);
  g_clear_pointer (&debtor, cbz_debtor_unref);
  debtor = cbz_store_get_debtor (fixture->store, fixture->debtor_id, &error);
  g_assert_false (debtor->opt_out_whatsapp);
  g_assert_true (debtor->opt_out_call);
  g_assert_cmpint (count_events (fixture, "opt-out"), ==, 3);
  last = last_event_id (fixture, "opt-out");
  event = cbz_store_get_event (fixture->store, last, &error);
  g_assert_cmpstr (cbz_event_get_summary (event), ==, "Opted back in to WhatsApp");
  g_assert_cmpstr (cbz_event_get_body (event), ==, "Llamó para pedir recordatorios por WhatsApp");
  g_assert_cmpstr (cbz_event_get_data (event), ==, "{\"opt_out\":false}");
  g_assert_cmpstr (cbz_event_get_recorded_by (event), ==, cbz_event_get_local_user ());
  g_assert_cmpint (cbz_event_get_channel (event), ==, CBZ_EVENT_CHANNEL_WHATSAPP);
}

static void
test_opt_out_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  const CbzOptOutChange stop[] = { { CBZ_EVENT_CHANNEL_SMS, TRUE }, { CBZ_EVENT_CHANNEL_LETTER, TRUE } };
  const CbzOptOutChange in_person[] = { { CBZ_EVENT_CHANNEL_IN_PERSON, TRUE } };

  /* No evidence: refused. */
  g_assert_cmpint (cbz_store_record_opt_outs (fixture->store, fixture->debtor_id, stop, 2, "  ", &error), ==, -1);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cbz_store_record_opt_outs (fixture->store, fixture->debtor_id, in_person, 1, "En persona",
                                              &error), ==, -1);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The second channel's event fails: the first channel is not changed
   * either. */
  exec_sql (fixture, "CREATE TRIGGER no_letters BEFORE INSERT ON events WHEN NEW.channel = 'letter'"
                     " BEGIN SELECT RAISE (ABORT, 'disk full'); END");
  g_assert_cmpint (cbz_store_record_opt_outs (fixture->store, fixture->debtor_id, stop, 2, "Por teléfono",
                                              &error), ==, -1);
  g_assert_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL);
  debtor = cbz_store_get_debtor (fixture->store, fixture->debtor_id, NULL);
  g_assert_false (debtor->opt_out_sms);
  g_assert_false (debtor->opt_out_letter);
  g_assert_cmpint (count_events (fixture, "opt-out"), ==, 0);
}

typedef struct
{
  GAsyncResult *result;
} AsyncWait;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ((AsyncWait *) user_data)->result = g_object_ref (result);
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
  g_autoptr(CbzReasonRecord) record = NULL;
  const CbzOptOutChange stop[] = { { CBZ_EVENT_CHANNEL_EMAIL, TRUE } };
  AsyncWait wait = { NULL };
  gint64 note;

  cbz_store_add_note_async (fixture->store, fixture->debtor_id, "Nota", NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  note = cbz_store_add_note_finish (fixture->store, wait.result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (note, >, 0);
  g_clear_object (&wait.result);

  cbz_store_remove_note_async (fixture->store, note, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  g_assert_true (cbz_store_remove_note_finish (fixture->store, wait.result, &error));
  g_clear_object (&wait.result);

  cbz_store_set_nonpayment_reason_async (fixture->store, fixture->debtor_id, CBZ_NONPAYMENT_REASON_FORGOT, NULL,
                                         NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  g_assert_cmpint (cbz_store_set_nonpayment_reason_finish (fixture->store, wait.result, &error), >, 0);
  g_clear_object (&wait.result);

  cbz_store_get_nonpayment_reason_async (fixture->store, fixture->debtor_id, NULL, got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  record = cbz_store_get_nonpayment_reason_finish (fixture->store, wait.result, &error);
  g_assert_cmpint (record->reason, ==, CBZ_NONPAYMENT_REASON_FORGOT);
  g_clear_object (&wait.result);

  cbz_store_record_opt_outs_async (fixture->store, fixture->debtor_id, stop, 1, "Correo del cliente", NULL,
                                   got_result_cb, &wait);
  g_assert_true (cbz_test_spin_until (has_result_cb, &wait, 10000));
  g_assert_cmpint (cbz_store_record_opt_outs_finish (fixture->store, wait.result, &error), ==, 1);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
}

#define NOTE_TEST(path, func) \
  g_test_add ("/store/notes/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  NOTE_TEST ("note", test_note);
  NOTE_TEST ("reason", test_reason);
  NOTE_TEST ("opt-out-in-and-out", test_opt_out_in_and_out);
  NOTE_TEST ("opt-out-refused", test_opt_out_refused);
  NOTE_TEST ("async", test_async);

  return g_test_run ();
}
