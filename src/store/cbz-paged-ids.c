/* cbz-paged-ids.c: ordered ids in memory, items read a page at a time
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-paged-ids-private.h"
#include "cbz-store-private.h"

void
_cbz_paged_ids_init (CbzPagedIds             *self,
                     GListModel              *model,
                     gpointer                 owner,
                     guint                    page_size,
                     guint                    max_cached,
                     CbzPagedReadFunc         read,
                     CbzPagedEqualFunc        equal,
                     CbzPagedPlaceholderFunc  placeholder,
                     CbzPagedReloadFunc       reload,
                     const char              *what)
{
  g_assert (page_size > 0 && max_cached >= page_size);
  g_assert (read != NULL && equal != NULL && placeholder != NULL && reload != NULL);

  self->model = model;
  self->owner = owner;
  self->page_size = page_size;
  self->max_cached = max_cached;
  self->read = read;
  self->equal = equal;
  self->placeholder = placeholder;
  self->reload = reload;
  self->what = what;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->pages = g_hash_table_new (NULL, NULL);
}

void
_cbz_paged_ids_stop (CbzPagedIds *self)
{
  _cbz_paged_ids_cancel_reload (self);
  if (self->followed != NULL)
    g_clear_signal_handler (&self->changed_handler, self->followed);
  g_clear_object (&self->followed);
}

void
_cbz_paged_ids_clear (CbzPagedIds *self)
{
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
}

void
_cbz_paged_ids_reload_or_warn (CbzPagedIds *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->reload (self->owner, &error))
    g_warning ("Could not read %s: %s", self->what, error->message);
}

static gboolean
reload_idle_cb (gpointer data)
{
  CbzPagedIds *self = data;

  self->reload_idle = 0;
  _cbz_paged_ids_reload_or_warn (self);
  return G_SOURCE_REMOVE;
}

void
_cbz_paged_ids_schedule_reload (CbzPagedIds *self)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

void
_cbz_paged_ids_cancel_reload (CbzPagedIds *self)
{
  g_clear_handle_id (&self->reload_idle, g_source_remove);
}

static void
followed_changed_cb (GObject  *store,
                     gpointer  data)
{
  _cbz_paged_ids_schedule_reload (data);
}

void
_cbz_paged_ids_follow (CbzPagedIds *self,
                       GObject     *store)
{
  g_assert (self->followed == NULL);

  self->followed = g_object_ref (store);
  self->changed_handler = g_signal_connect (store, "changed", G_CALLBACK (followed_changed_cb), self);
}

guint
_cbz_paged_ids_get_n_items (CbzPagedIds *self)
{
  return self->ids->len;
}

gint64
_cbz_paged_ids_get_id (CbzPagedIds *self,
                       guint        position)
{
  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

int
_cbz_paged_ids_find (CbzPagedIds *self,
                     gint64       id)
{
  for (guint i = 0; i < self->ids->len; i++)
    {
      if (g_array_index (self->ids, gint64, i) == id)
        return (int) i;
    }
  return -1;
}

char *
_cbz_paged_ids_to_json (const gint64 *ids,
                        guint         n_ids)
{
  GString *json = g_string_sized_new (n_ids * 8 + 2);

  g_string_append_c (json, '[');
  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

GHashTable *
_cbz_paged_ids_read_rows (CbzStore         *store,
                          const char       *sql,
                          const gint64     *ids,
                          guint             n_ids,
                          CbzPagedRowFunc   make,
                          GError          **error)
{
  g_autoptr(GHashTable) items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autofree char *json = _cbz_paged_ids_to_json (ids, n_ids);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _cbz_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, json);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_replace (items, g_memdup2 (&id, sizeof id), make (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (store, error, sql);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static void
cache_item (CbzPagedIds *self,
            gint64       id,
            gpointer     item)
{
  g_hash_table_replace (self->items, g_memdup2 (&id, sizeof id), g_object_ref (item));
}

static void
load_page (CbzPagedIds *self,
           guint        page)
{
  g_autoptr(GHashTable) items = NULL;
  g_autoptr(GError) error = NULL;
  guint start = page * self->page_size;
  guint n = MIN (self->page_size, self->ids->len - start);
  GHashTableIter iter;
  gpointer key, value;

  /* Bounded memory: when the cache is full, start over (items the view
   * still shows are held by the view and are read again on demand). */
  if (g_hash_table_size (self->items) + n > self->max_cached)
    {
      g_hash_table_remove_all (self->items);
      g_hash_table_remove_all (self->pages);
    }

  items = self->read (self->owner, &g_array_index (self->ids, gint64, start), n, &error);
  if (items == NULL)
    {
      g_warning ("Could not read items %u–%u of %s: %s", start + 1, start + n, self->what, error->message);
      return;
    }

  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    cache_item (self, *(gint64 *) key, value);
  g_hash_table_add (self->pages, GUINT_TO_POINTER (page));
}

gpointer
_cbz_paged_ids_get_item (CbzPagedIds *self,
                         guint        position)
{
  g_autoptr(GObject) placeholder = NULL;
  gpointer item;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  item = g_hash_table_lookup (self->items, &id);
  if (item == NULL)
    {
      load_page (self, position / self->page_size);
      item = g_hash_table_lookup (self->items, &id);
    }
  if (item != NULL)
    return g_object_ref (item);

  /* Deleted by another connection since the ids were read, or the read
   * failed: a blank item now (a view cannot take NULL below n_items), the
   * real list after the reload this asks for. Cached, so the reload
   * reports it as changed when it reads it again. */
  placeholder = self->placeholder (id);
  cache_item (self, id, placeholder);
  _cbz_paged_ids_schedule_reload (self);
  return g_steal_pointer (&placeholder);
}

static void
emit_changed_runs (CbzPagedIds *self,
                   GArray      *positions)
{
  guint run_start = 0, run_len = 0;

  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);

      if (run_len > 0 && position == run_start + run_len)
        {
          run_len++;
          continue;
        }
      if (run_len > 0)
        g_list_model_items_changed (self->model, run_start, run_len, run_len);
      run_start = position;
      run_len = 1;
    }
  if (run_len > 0)
    g_list_model_items_changed (self->model, run_start, run_len, run_len);
}

/* Re-reads the cached items outside the structurally changed span
 * [skip_from, skip_to) and reports the ones that changed. */
static void
refresh_cached (CbzPagedIds *self,
                guint        skip_from,
                guint        skip_to)
{
  g_autoptr(GArray) cached = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) keep = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (self->items) == 0)
    return;

  for (guint i = 0; i < self->ids->len; i++)
    {
      gint64 *id = &g_array_index (self->ids, gint64, i);

      if (i >= skip_from && i < skip_to)
        continue;
      if (g_hash_table_contains (self->items, id))
        {
          g_hash_table_add (keep, id);
          g_array_append_val (cached, *id);
          g_array_append_val (positions, i);
        }
    }

  /* Items no longer listed outside the changed span are dropped. */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (keep, key))
        g_hash_table_iter_remove (&iter);
    }

  if (cached->len == 0)
    return;

  fresh = self->read (self->owner, (const gint64 *) (gpointer) cached->data, cached->len, &error);
  if (fresh == NULL)
    {
      g_warning ("Could not read %s again: %s", self->what, error->message);
      g_hash_table_remove_all (self->items);
      return;
    }

  /* positions ascend: cached was filled in list order. */
  for (guint i = 0; i < cached->len; i++)
    {
      gint64 id = g_array_index (cached, gint64, i);
      gpointer old_item = g_hash_table_lookup (self->items, &id);
      gpointer new_item = g_hash_table_lookup (fresh, &id);

      if (new_item == NULL)
        {
          /* Deleted meanwhile by another connection: the next reload drops it. */
          g_hash_table_remove (self->items, &id);
          continue;
        }
      if (old_item != NULL && self->equal (old_item, new_item))
        continue;
      cache_item (self, id, new_item);
      g_array_append_val (changed, g_array_index (positions, guint, i));
    }
  emit_changed_runs (self, changed);
}

gboolean
_cbz_paged_ids_set_ids (CbzPagedIds *self,
                        GArray      *new_ids)
{
  g_autoptr(GArray) old_ids = self->ids;
  guint old_len, new_len, prefix = 0, suffix = 0;

  self->ids = new_ids;
  g_hash_table_remove_all (self->pages);

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
    g_list_model_items_changed (self->model, prefix,
                                old_len - prefix - suffix, new_len - prefix - suffix);

  refresh_cached (self, prefix, new_len - suffix);
  return old_len != new_len;
}

void
_cbz_paged_ids_forget_items (CbzPagedIds *self)
{
  g_hash_table_remove_all (self->items);
  g_hash_table_remove_all (self->pages);
}

guint
_cbz_paged_ids_get_n_cached_pages (CbzPagedIds *self)
{
  return g_hash_table_size (self->pages);
}
