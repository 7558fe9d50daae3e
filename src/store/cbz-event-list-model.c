/* cbz-event-list-model.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-event-list-model.h"
#include "cbz-paged-ids-private.h"
#include "cbz-store-private.h"

/*
 * Same shape as CbzDebtorListModel: the ordered event ids of one debtor in
 * memory, the events themselves read a page at a time and cached by id
 * (cbz-paged-ids.c).
 */

#define PAGE_SIZE 50
#define MAX_CACHED_EVENTS 2000

struct _CbzEventListModel
{
  GObject     parent_instance;

  CbzStore   *store;
  gint64      debtor_id;

  CbzPagedIds paged;    /* newest first */
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_DEBTOR_ID,
  PROP_N_ITEMS,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CbzEventListModel, cbz_event_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static gboolean
event_equal (gpointer event_a,
             gpointer event_b)
{
  CbzEvent *a = event_a;
  CbzEvent *b = event_b;
  gsize n_a, n_b;
  const gint64 *ids_a = cbz_event_get_invoice_ids (a, &n_a);
  const gint64 *ids_b = cbz_event_get_invoice_ids (b, &n_b);

  return cbz_event_get_id (a) == cbz_event_get_id (b) &&
         cbz_event_get_occurred_at (a) == cbz_event_get_occurred_at (b) &&
         cbz_event_get_kind (a) == cbz_event_get_kind (b) &&
         cbz_event_get_channel (a) == cbz_event_get_channel (b) &&
         cbz_event_get_direction (a) == cbz_event_get_direction (b) &&
         cbz_event_get_delivery_state (a) == cbz_event_get_delivery_state (b) &&
         g_strcmp0 (cbz_event_get_summary (a), cbz_event_get_summary (b)) == 0 &&
         g_strcmp0 (cbz_event_get_body (a), cbz_event_get_body (b)) == 0 &&
         g_strcmp0 (cbz_event_get_provider_message_id (a), cbz_event_get_provider_message_id (b)) == 0 &&
         g_strcmp0 (cbz_event_get_attachment (a), cbz_event_get_attachment (b)) == 0 &&
         g_strcmp0 (cbz_event_get_data (a), cbz_event_get_data (b)) == 0 &&
         n_a == n_b && (n_a == 0 || memcmp (ids_a, ids_b, n_a * sizeof (gint64)) == 0);
}

static GArray *
query_ids (CbzEventListModel  *self,
           GError            **error)
{
  static const char sql[] =
    "SELECT id FROM events WHERE debtor_id = ?1 ORDER BY occurred_at DESC, id DESC";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (self->debtor_id == 0)
    return g_steal_pointer (&ids);

  stmt = _cbz_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->debtor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self->store, error, sql);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static GHashTable *
read_events (gpointer       owner,
             const gint64  *ids,
             guint          n_ids,
             GError       **error)
{
  CbzEventListModel *self = owner;
  static const char sql[] =
    "SELECT " CBZ_EVENT_COLUMNS " FROM events e WHERE e.id IN (SELECT value FROM json_each (?1))";
  static const char links_sql[] =
    "SELECT event_id, invoice_id FROM event_invoices"
    " WHERE event_id IN (SELECT value FROM json_each (?1)) ORDER BY event_id, invoice_id";
  g_autoptr(GHashTable) events = NULL;
  g_autofree char *json = _cbz_paged_ids_to_json (ids, n_ids);
  sqlite3_stmt *stmt;
  int rc;

  events = _cbz_paged_ids_read_rows (self->store, sql, ids, n_ids, (CbzPagedRowFunc) _cbz_event_from_row, error);
  if (events == NULL)
    return NULL;

  stmt = _cbz_store_prepare (self->store, links_sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, json);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 event_id = sqlite3_column_int64 (stmt, 0);
      CbzEvent *event = g_hash_table_lookup (events, &event_id);

      if (event != NULL)
        cbz_event_add_invoice_id (event, sqlite3_column_int64 (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self->store, error, links_sql);
      return NULL;
    }

  return g_steal_pointer (&events);
}

static gpointer
new_placeholder (gint64 id)
{
  CbzEvent *event = cbz_event_new (0, CBZ_EVENT_KIND_NOTE, "");

  cbz_event_set_id (event, id);
  return event;
}

static gboolean reload_ids (gpointer   owner,
                            GError   **error);

CBZ_PAGED_IDS_DEFINE_LIST_MODEL (cbz_event_list_model, CBZ_EVENT_LIST_MODEL, CBZ_TYPE_EVENT)

static gboolean
reload_ids (gpointer   owner,
            GError   **error)
{
  return cbz_event_list_model_reload (owner, error);
}

static void
cbz_event_list_model_dispose (GObject *object)
{
  CbzEventListModel *self = (CbzEventListModel *) object;

  _cbz_paged_ids_stop (&self->paged);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_event_list_model_parent_class)->dispose (object);
}

static void
cbz_event_list_model_finalize (GObject *object)
{
  CbzEventListModel *self = (CbzEventListModel *) object;

  _cbz_paged_ids_clear (&self->paged);

  G_OBJECT_CLASS (cbz_event_list_model_parent_class)->finalize (object);
}

static void
cbz_event_list_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CbzEventListModel *self = CBZ_EVENT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DEBTOR_ID:
      g_value_set_int64 (value, self->debtor_id);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, _cbz_paged_ids_get_n_items (&self->paged));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_event_list_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CbzEventListModel *self = CBZ_EVENT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DEBTOR_ID:
      cbz_event_list_model_set_debtor_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_event_list_model_constructed (GObject *object)
{
  CbzEventListModel *self = (CbzEventListModel *) object;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (cbz_event_list_model_parent_class)->constructed (object);

  g_assert (CBZ_IS_STORE (self->store));
  _cbz_paged_ids_follow (&self->paged, G_OBJECT (self->store));
  if (!cbz_event_list_model_reload (self, &error))
    g_warning ("Could not read the timeline: %s", error->message);
}

static void
cbz_event_list_model_class_init (CbzEventListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cbz_event_list_model_constructed;
  object_class->dispose = cbz_event_list_model_dispose;
  object_class->finalize = cbz_event_list_model_finalize;
  object_class->get_property = cbz_event_list_model_get_property;
  object_class->set_property = cbz_event_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CBZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEBTOR_ID] =
    g_param_spec_int64 ("debtor-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cbz_event_list_model_init (CbzEventListModel *self)
{
  _cbz_paged_ids_init (&self->paged, G_LIST_MODEL (self), self, PAGE_SIZE, MAX_CACHED_EVENTS,
                       read_events, event_equal, new_placeholder, reload_ids,
                       "the timeline");
}

/**
 * cbz_event_list_model_new:
 * @debtor_id: whose timeline; 0 for an empty model
 *
 * Returns: (transfer full): the model, already loaded.
 */
CbzEventListModel *
cbz_event_list_model_new (CbzStore *store,
                          gint64    debtor_id)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  return g_object_new (CBZ_TYPE_EVENT_LIST_MODEL, "store", store, "debtor-id", debtor_id, NULL);
}

gint64
cbz_event_list_model_get_debtor_id (CbzEventListModel *self)
{
  g_return_val_if_fail (CBZ_IS_EVENT_LIST_MODEL (self), 0);
  return self->debtor_id;
}

void
cbz_event_list_model_set_debtor_id (CbzEventListModel *self,
                                    gint64             debtor_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CBZ_IS_EVENT_LIST_MODEL (self));

  if (self->debtor_id == debtor_id)
    return;

  self->debtor_id = debtor_id;
  /* Another debtor's timeline: nothing cached is of use. */
  _cbz_paged_ids_forget_items (&self->paged);
  /* During construction the store is not set yet; constructed() loads. */
  if (self->store != NULL && !cbz_event_list_model_reload (self, &error))
    g_warning ("Could not read the timeline: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEBTOR_ID]);
}

gboolean
cbz_event_list_model_reload (CbzEventListModel  *self,
                             GError            **error)
{
  GArray *new_ids;

  g_return_val_if_fail (CBZ_IS_EVENT_LIST_MODEL (self), FALSE);

  _cbz_paged_ids_cancel_reload (&self->paged);

  new_ids = query_ids (self, error);
  if (new_ids == NULL)
    return FALSE;

  if (_cbz_paged_ids_set_ids (&self->paged, new_ids))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}
