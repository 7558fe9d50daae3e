/* cbz-event-list-model.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-event-list-model.h"
#include "cbz-store-private.h"

/*
 * Same shape as CbzDebtorListModel: the ordered event ids of one debtor in
 * memory, the events themselves read a page at a time and cached by id.
 */

#define PAGE_SIZE 50
#define MAX_CACHED_EVENTS 2000

struct _CbzEventListModel
{
  GObject     parent_instance;

  CbzStore   *store;
  gulong      changed_handler;
  guint       reload_idle;
  gint64      debtor_id;

  GArray     *ids;      /* gint64, newest first */
  GHashTable *events;   /* id → CbzEvent */
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
event_equal (CbzEvent *a,
             CbzEvent *b)
{
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
read_events (CbzEventListModel  *self,
             const gint64       *ids,
             guint               n_ids,
             GError            **error)
{
  static const char sql[] =
    "SELECT " CBZ_EVENT_COLUMNS " FROM events e WHERE e.id IN (SELECT value FROM json_each (?1))";
  static const char links_sql[] =
    "SELECT event_id, invoice_id FROM event_invoices"
    " WHERE event_id IN (SELECT value FROM json_each (?1)) ORDER BY event_id, invoice_id";
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GString) json = g_string_sized_new (n_ids * 8 + 2);
  sqlite3_stmt *stmt;
  int rc;

  events = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  g_string_append_c (json, '[');
  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (json, ']');

  stmt = _cbz_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, json->str);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CbzEvent *event = _cbz_event_from_row (stmt);
      gint64 id = cbz_event_get_id (event);

      g_hash_table_replace (events, g_memdup2 (&id, sizeof id), event);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self->store, error, sql);
      return NULL;
    }

  stmt = _cbz_store_prepare (self->store, links_sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, json->str);
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

static void
cache_event (CbzEventListModel *self,
             CbzEvent          *event)
{
  gint64 id = cbz_event_get_id (event);

  g_hash_table_replace (self->events, g_memdup2 (&id, sizeof id), g_object_ref (event));
}

static gboolean
load_page (CbzEventListModel *self,
           guint              page)
{
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GError) error = NULL;
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->events) + n > MAX_CACHED_EVENTS)
    g_hash_table_remove_all (self->events);

  events = read_events (self, &g_array_index (self->ids, gint64, start), n, &error);
  if (events == NULL)
    {
      g_warning ("Could not read the timeline: %s", error->message);
      return FALSE;
    }
  g_hash_table_iter_init (&iter, events);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    cache_event (self, value);
  return TRUE;
}

static GType
cbz_event_list_model_get_item_type (GListModel *model)
{
  return CBZ_TYPE_EVENT;
}

static guint
cbz_event_list_model_get_n_items (GListModel *model)
{
  return CBZ_EVENT_LIST_MODEL (model)->ids->len;
}

static gpointer
cbz_event_list_model_get_item (GListModel *model,
                               guint       position)
{
  CbzEventListModel *self = CBZ_EVENT_LIST_MODEL (model);
  CbzEvent *event;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  event = g_hash_table_lookup (self->events, &id);
  if (event == NULL && load_page (self, position / PAGE_SIZE))
    event = g_hash_table_lookup (self->events, &id);

  return event != NULL ? g_object_ref (event) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cbz_event_list_model_get_item_type;
  iface->get_n_items = cbz_event_list_model_get_n_items;
  iface->get_item = cbz_event_list_model_get_item;
}

/* Events already read and still listed outside the changed span are
 * re-read; the ones that changed (a delivery receipt) are reported. */
static void
refresh_cached_events (CbzEventListModel *self,
                       guint              skip_from,
                       guint              skip_to)
{
  g_autoptr(GArray) cached = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) keep = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->events) == 0)
    return;

  for (guint i = 0; i < self->ids->len; i++)
    {
      gint64 *id = &g_array_index (self->ids, gint64, i);

      if (i >= skip_from && i < skip_to)
        continue;
      if (g_hash_table_contains (self->events, id))
        {
          g_hash_table_add (keep, id);
          g_array_append_val (cached, *id);
          g_array_append_val (positions, i);
        }
    }

  g_hash_table_iter_init (&iter, self->events);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (keep, key))
        g_hash_table_iter_remove (&iter);
    }

  if (cached->len == 0)
    return;

  fresh = read_events (self, (const gint64 *) (gpointer) cached->data, cached->len, &error);
  if (fresh == NULL)
    {
      g_warning ("Could not re-read the timeline: %s", error->message);
      g_hash_table_remove_all (self->events);
      return;
    }

  /* positions are ascending: cached was filled in list order. */
  for (guint i = 0; i < cached->len; i++)
    {
      gint64 id = g_array_index (cached, gint64, i);
      CbzEvent *old_event = g_hash_table_lookup (self->events, &id);
      CbzEvent *new_event = g_hash_table_lookup (fresh, &id);

      if (new_event == NULL)
        {
          g_hash_table_remove (self->events, &id);
          continue;
        }
      if (old_event != NULL && event_equal (old_event, new_event))
        continue;
      cache_event (self, new_event);
      g_list_model_items_changed (G_LIST_MODEL (self), g_array_index (positions, guint, i), 1, 1);
    }
}

static gboolean
reload_idle_cb (gpointer data)
{
  CbzEventListModel *self = data;
  g_autoptr(GError) error = NULL;

  self->reload_idle = 0;
  if (!cbz_event_list_model_reload (self, &error))
    g_warning ("Could not reload the timeline: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CbzEventListModel *self,
                  CbzStore          *store)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

static void
cbz_event_list_model_dispose (GObject *object)
{
  CbzEventListModel *self = (CbzEventListModel *) object;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_event_list_model_parent_class)->dispose (object);
}

static void
cbz_event_list_model_finalize (GObject *object)
{
  CbzEventListModel *self = (CbzEventListModel *) object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->events, g_hash_table_unref);

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
      g_value_set_uint (value, self->ids->len);
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
  self->changed_handler = g_signal_connect_object (self->store, "changed",
                                                   G_CALLBACK (store_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
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
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->events = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
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
  g_hash_table_remove_all (self->events);
  /* During construction the store is not set yet; constructed() loads. */
  if (self->store != NULL && !cbz_event_list_model_reload (self, &error))
    g_warning ("Could not read the timeline: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEBTOR_ID]);
}

gboolean
cbz_event_list_model_reload (CbzEventListModel  *self,
                             GError            **error)
{
  g_autoptr(GArray) old_ids = NULL;
  GArray *new_ids;
  guint old_len, new_len, prefix = 0, suffix = 0;

  g_return_val_if_fail (CBZ_IS_EVENT_LIST_MODEL (self), FALSE);

  g_clear_handle_id (&self->reload_idle, g_source_remove);

  new_ids = query_ids (self, error);
  if (new_ids == NULL)
    return FALSE;

  old_ids = self->ids;
  self->ids = new_ids;

  old_len = old_ids->len;
  new_len = new_ids->len;
  while (prefix < old_len && prefix < new_len &&
         g_array_index (old_ids, gint64, prefix) == g_array_index (new_ids, gint64, prefix))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         g_array_index (old_ids, gint64, old_len - 1 - suffix) ==
         g_array_index (new_ids, gint64, new_len - 1 - suffix))
    suffix++;

  if (old_len - prefix - suffix > 0 || new_len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_len - prefix - suffix, new_len - prefix - suffix);

  refresh_cached_events (self, prefix, new_len - suffix);

  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}
