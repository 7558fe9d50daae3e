/* cbz-paged-ids-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * What the store's list models (customers, a customer's timeline) have in
 * common: the ordered ids of what matches, in memory (8 bytes each), and a
 * bounded cache of the items themselves, read a page at a time when the
 * view asks for a position. Setting new ids emits the smallest
 * items-changed that turns the old list into the new one, then re-reads
 * the cached items outside the changed span and emits (position, 1, 1)
 * runs for the ones that changed.
 *
 * Embedded in the model that owns it; not thread-safe (the model's thread).
 */

/* Reads the items for @ids: a new table of (gint64 *) id → GObject. Items
 * deleted meanwhile are simply absent. NULL with @error set on failure. */
typedef GHashTable *(*CbzPagedReadFunc)        (gpointer       owner,
                                                const gint64  *ids,
                                                guint          n_ids,
                                                GError       **error);
typedef gboolean    (*CbzPagedEqualFunc)       (gpointer       a,
                                                gpointer       b);
/* An item to show for @id when it could not be read (new reference). */
typedef gpointer    (*CbzPagedPlaceholderFunc) (gint64         id);
/* Reads the ids again and passes them to _cbz_paged_ids_set_ids(). */
typedef gboolean    (*CbzPagedReloadFunc)      (gpointer       owner,
                                                GError       **error);

typedef struct
{
  /*< private >*/
  GListModel              *model;      /* emits items-changed (not a reference) */
  gpointer                 owner;
  CbzPagedReadFunc         read;
  CbzPagedEqualFunc        equal;
  CbzPagedPlaceholderFunc  placeholder;
  CbzPagedReloadFunc       reload;
  const char              *what;       /* for warnings: "the customer list" */
  guint                    reload_idle;
  GObject                 *followed;   /* the store whose ::changed reloads */
  gulong                   changed_handler;
  guint                    page_size;
  guint                    max_cached;

  GArray                  *ids;        /* gint64, in list order */
  GHashTable              *items;      /* id → item */
  GHashTable              *pages;      /* page index → itself: pages read since the last reload */
} CbzPagedIds;

void        _cbz_paged_ids_init             (CbzPagedIds              *self,
                                             GListModel               *model,
                                             gpointer                  owner,
                                             guint                     page_size,
                                             guint                     max_cached,
                                             CbzPagedReadFunc          read,
                                             CbzPagedEqualFunc         equal,
                                             CbzPagedPlaceholderFunc   placeholder,
                                             CbzPagedReloadFunc        reload,
                                             const char               *what);
/* Stops following the store and drops a scheduled reload (dispose). */
void        _cbz_paged_ids_stop             (CbzPagedIds              *self);
/* Frees the ids and items (finalize). */
void        _cbz_paged_ids_clear            (CbzPagedIds              *self);
/* Reloads on idle after @store's ::changed: several writes in a row (an
 * import, a batch of sends) reload once. */
void        _cbz_paged_ids_follow           (CbzPagedIds              *self,
                                             GObject                  *store);
void        _cbz_paged_ids_schedule_reload  (CbzPagedIds              *self);
/* A reload is running now: drops the one scheduled. */
void        _cbz_paged_ids_cancel_reload    (CbzPagedIds              *self);
/* Reloads now, with a warning naming the list when it fails. */
void        _cbz_paged_ids_reload_or_warn   (CbzPagedIds              *self);

guint       _cbz_paged_ids_get_n_items      (CbzPagedIds              *self);
/* The id at @position, 0 when out of range. */
gint64      _cbz_paged_ids_get_id           (CbzPagedIds              *self,
                                             guint                     position);
/* Position of @id, or -1. */
int         _cbz_paged_ids_find             (CbzPagedIds              *self,
                                             gint64                    id);
/* (transfer full): the item at @position, read with its page when not
 * cached. Never NULL below n_items: an item that cannot be read shows as a
 * placeholder, and a reload is scheduled. */
gpointer    _cbz_paged_ids_get_item         (CbzPagedIds              *self,
                                             guint                     position);
/* Takes @new_ids (the whole list, in order) and reports the difference as
 * described above. Returns TRUE when the number of items changed. */
gboolean    _cbz_paged_ids_set_ids          (CbzPagedIds              *self,
                                             GArray                   *new_ids);
/* Drops every cached item (the ids stay). */
void        _cbz_paged_ids_forget_items     (CbzPagedIds              *self);
guint       _cbz_paged_ids_get_n_cached_pages (CbzPagedIds            *self);
/* The ids as a JSON array ("[3,1,2]"), for "IN (SELECT value FROM
 * json_each (?))": one statement for any number of ids. */
char       *_cbz_paged_ids_to_json          (const gint64             *ids,
                                             guint                     n_ids);

/* Makes an item (a new reference) from the statement's current row. */
typedef gpointer (*CbzPagedRowFunc) (sqlite3_stmt *stmt);

/* Runs @sql on @store with ?1 bound to @ids as JSON, and makes an item of
 * each row with @make; the id is the row's first column. The table a
 * CbzPagedReadFunc returns. */
GHashTable *_cbz_paged_ids_read_rows        (CbzStore                 *store,
                                             const char               *sql,
                                             const gint64             *ids,
                                             guint                     n_ids,
                                             CbzPagedRowFunc           make,
                                             GError                  **error);

/* The GListModel of a model whose CbzPagedIds is its member "paged":
 * defines list_model_iface_init (declare it before G_DEFINE_*_WITH_CODE). */
#define CBZ_PAGED_IDS_DEFINE_LIST_MODEL(prefix, CAST, ITEM_TYPE)                    \
  static GType                                                                      \
  prefix##_get_item_type (GListModel *model)                                        \
  {                                                                                 \
    return ITEM_TYPE;                                                               \
  }                                                                                 \
  static guint                                                                      \
  prefix##_get_n_items (GListModel *model)                                          \
  {                                                                                 \
    return _cbz_paged_ids_get_n_items (&CAST (model)->paged);                       \
  }                                                                                 \
  static gpointer                                                                   \
  prefix##_get_item (GListModel *model,                                             \
                     guint       position)                                          \
  {                                                                                 \
    return _cbz_paged_ids_get_item (&CAST (model)->paged, position);                \
  }                                                                                 \
  static void                                                                       \
  list_model_iface_init (GListModelInterface *iface)                                \
  {                                                                                 \
    iface->get_item_type = prefix##_get_item_type;                                  \
    iface->get_n_items = prefix##_get_n_items;                                      \
    iface->get_item = prefix##_get_item;                                            \
  }

G_END_DECLS
