/* test-event-list.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "cbz-event-list-model.h"
#include "cbz-test-util.h"
#include "cbz-store-private.h"

#define N_EVENTS 130
#define BASE_TIME G_GINT64_CONSTANT (1773576000000000)  /* 2026-03-15 12:00 UTC */

typedef struct
{
  guint n_signals;
  guint position, removed, added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->n_signals++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

static gboolean
signalled (gpointer data)
{
  return ((Changes *) data)->n_signals > 0;
}

static gint64
add_debtor (CbzStore   *store,
            const char *name)
{
  g_autoptr(CbzDebtor) debtor = cbz_debtor_new ();

  debtor->name = g_strdup (name);
  g_assert_true (cbz_store_save_debtor (store, debtor, NULL));
  return debtor->id;
}

static gint64
add_event (CbzStore   *store,
           gint64      debtor_id,
           gint64      occurred_at,
           const char *summary)
{
  g_autoptr(CbzEvent) event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_REMINDER, summary);
  g_autoptr(GError) error = NULL;

  cbz_event_set_occurred_at (event, occurred_at);
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_OUTBOUND);
  cbz_event_set_channel (event, CBZ_EVENT_CHANNEL_SMS);
  cbz_event_set_delivery_state (event, CBZ_DELIVERY_STATE_SENT);
  g_assert_cmpint (cbz_store_add_event (store, event, &error), >, 0);
  g_assert_no_error (error);
  return cbz_event_get_id (event);
}

static void
test_order_and_paging (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("events.sqlite");
  g_autoptr(CbzStore) store = cbz_store_open (path, NULL);
  g_autoptr(CbzEventListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzEvent) previous = NULL;
  Changes changes = { 0 };
  gint64 debtor, other, newest, middle_id = 0;

  g_assert_nonnull (store);
  debtor = add_debtor (store, "Textiles Zúñiga");
  other = add_debtor (store, "Lácteos del Sur");

  g_assert_true (cbz_store_begin (store, &error));
  for (guint i = 0; i < N_EVENTS; i++)
    {
      /* Out of time order on purpose, with pairs sharing a time. */
      gint64 when = BASE_TIME - (gint64) ((i * 53) % N_EVENTS / 2) * G_USEC_PER_SEC * 3600;
      g_autofree char *summary = g_strdup_printf ("Evento %u", i);
      gint64 id = add_event (store, debtor, when, summary);

      if (i == N_EVENTS / 2)
        middle_id = id;
    }
  add_event (store, other, BASE_TIME, "De otro cliente");
  g_assert_true (cbz_store_commit (store, &error));

  model = cbz_event_list_model_new (store, debtor);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == CBZ_TYPE_EVENT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_EVENTS);

  /* Newest first; equal times: the later id first. */
  for (guint i = 0; i < N_EVENTS; i++)
    {
      g_autoptr(CbzEvent) event = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (event);
      g_assert_cmpint (cbz_event_get_debtor_id (event), ==, debtor);
      if (previous != NULL)
        {
          g_assert_cmpint (cbz_event_get_occurred_at (previous), >=, cbz_event_get_occurred_at (event));
          if (cbz_event_get_occurred_at (previous) == cbz_event_get_occurred_at (event))
            g_assert_cmpint (cbz_event_get_id (previous), >, cbz_event_get_id (event));
        }
      g_set_object (&previous, event);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_EVENTS));

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  /* A new event lands on top: one insertion at 0, through the store's
   * ::changed and an idle reload. */
  newest = add_event (store, debtor, BASE_TIME + G_USEC_PER_SEC, "Respuesta del cliente");
  g_assert_true (cbz_test_spin_until (signalled, &changes, 5000));
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  {
    g_autoptr(CbzEvent) top = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpint (cbz_event_get_id (top), ==, newest);
  }

  /* A delivery receipt for an event on screen: that one row changes. */
  changes.n_signals = 0;
  g_assert_true (cbz_store_update_event_delivery (store, middle_id, CBZ_DELIVERY_STATE_DELIVERED, NULL, &error));
  g_assert_true (cbz_event_list_model_reload (model, &error));
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  {
    g_autoptr(CbzEvent) changed = g_list_model_get_item (G_LIST_MODEL (model), changes.position);

    g_assert_cmpint (cbz_event_get_id (changed), ==, middle_id);
    g_assert_cmpint (cbz_event_get_delivery_state (changed), ==, CBZ_DELIVERY_STATE_DELIVERED);
  }

  /* Another customer's timeline; then none. */
  changes.n_signals = 0;
  cbz_event_list_model_set_debtor_id (model, other);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.removed, ==, N_EVENTS + 1);
  g_assert_cmpuint (changes.added, ==, 1);
  cbz_event_list_model_set_debtor_id (model, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

static void
test_invoice_links (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("links.sqlite");
  g_autoptr(CbzStore) store = cbz_store_open (path, NULL);
  g_autoptr(CbzInvoice) invoice = cbz_invoice_new ();
  g_autoptr(CbzEvent) event = NULL;
  g_autoptr(CbzEvent) read = NULL;
  g_autoptr(CbzEventListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 *ids;
  gsize n_ids;
  gint64 debtor;

  debtor = add_debtor (store, "Agroquímicos del Norte");
  invoice->debtor_id = debtor;
  invoice->number = g_strdup ("FE-000123");
  invoice->due_date = g_strdup ("2026-01-31");
  invoice->currency = g_strdup ("COP");
  invoice->amount = invoice->balance = 1500000;
  g_assert_true (cbz_store_save_invoice (store, invoice, &error));

  event = cbz_event_new (debtor, CBZ_EVENT_KIND_LETTER, "Carta de cobranza, nivel 2");
  cbz_event_set_channel (event, CBZ_EVENT_CHANNEL_LETTER);
  cbz_event_set_attachment (event, "sha256-abc.pdf");
  cbz_event_add_invoice_id (event, invoice->id);
  g_assert_cmpint (cbz_store_add_event (store, event, &error), >, 0);

  model = cbz_event_list_model_new (store, debtor);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  read = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (cbz_event_get_kind (read), ==, CBZ_EVENT_KIND_LETTER);
  g_assert_cmpstr (cbz_event_get_attachment (read), ==, "sha256-abc.pdf");
  g_assert_cmpint (cbz_event_get_delivery_state (read), ==, CBZ_DELIVERY_STATE_NONE);
  ids = cbz_event_get_invoice_ids (read, &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_cmpint (ids[0], ==, invoice->id);
}

static void
test_deleted_meanwhile (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("deleted.sqlite");
  g_autoptr(CbzStore) store = cbz_store_open (path, NULL);
  g_autoptr(CbzEventListModel) model = NULL;
  g_autoptr(CbzEvent) blank = NULL;
  g_autofree char *sql = NULL;
  Changes changes = { 0 };
  gint64 debtor, gone = 0;

  debtor = add_debtor (store, "Muebles Ibáñez");
  for (guint i = 0; i < 5; i++)
    {
      gint64 id = add_event (store, debtor, BASE_TIME + i, "Recordatorio");

      if (i == 2)
        gone = id;
    }
  model = cbz_event_list_model_new (store, debtor);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  /* Deleted by another program before the view reads it: a blank entry
   * (never NULL below n-items), and the reload it asks for drops it. */
  sql = g_strdup_printf ("DELETE FROM events WHERE id = %" G_GINT64_FORMAT, gone);
  g_assert_cmpint (sqlite3_exec (cbz_store_get_handle (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(CbzEvent) event = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (event);
    }
  blank = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_cmpint (cbz_event_get_id (blank), ==, gone);
  g_assert_cmpstr (cbz_event_get_summary (blank), ==, "");

  g_assert_true (cbz_test_spin_until (signalled, &changes, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_assert_cmpuint (changes.position, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/event-list/order-and-paging", test_order_and_paging);
  g_test_add_func ("/store/event-list/invoice-links", test_invoice_links);
  g_test_add_func ("/store/event-list/deleted-meanwhile", test_deleted_meanwhile);

  return g_test_run ();
}
