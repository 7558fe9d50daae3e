/* cbz-search-builder.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-search-builder-private.h"
#include "cbz-store-private.h"

/*
 * Filling debtor_search for 100,000 customers and their 1,000,000 invoice
 * numbers is fts5 cutting every value into trigrams: two seconds and more,
 * on one core, at the end of a first import. Nothing of it needs the
 * portfolio's connection but the result, so a second thread does it while
 * the first one writes the invoices, in a database of its own in memory,
 * and the import copies the finished index (fts5's shadow tables, plain
 * tables: content, index blocks, sizes, settings) in a fraction of that.
 *
 * The values are the ones cbz_store_refresh_summaries() indexes: the search
 * key of the name, the tax ID or '', and the customer's distinct invoice
 * numbers in byte order joined by spaces, or ''.
 */

#define TABLE "debtor_search"

typedef struct
{
  gint64  id;
  char   *name;
  char   *tax_id;
} Debtor;

struct _CbzSearchBuilder
{
  char         *table_sql;
  GArray       *debtors;       /* of Debtor, by id */
  const CbzImportInvoice *invoices;
  const guint32 *group_start;
  guint         n_groups;
  GThread      *thread;
  gint          cancelled;     /* atomic */
  sqlite3      *db;            /* the built index, once the thread is done */
  char         *failure;       /* why it could not be built */
  gint64        started;       /* monotonic, for the debug timings */
};

static void
debtor_clear (gpointer data)
{
  Debtor *d = data;

  g_free (d->name);
  g_free (d->tax_id);
}

CbzSearchBuilder *
_cbz_search_builder_new (const char *table_sql)
{
  CbzSearchBuilder *self = g_new0 (CbzSearchBuilder, 1);

  g_return_val_if_fail (table_sql != NULL, NULL);

  self->table_sql = g_strdup (table_sql);
  self->debtors = g_array_new (FALSE, FALSE, sizeof (Debtor));
  g_array_set_clear_func (self->debtors, debtor_clear);
  return self;
}

void
_cbz_search_builder_add_debtor (CbzSearchBuilder *self,
                                gint64            id,
                                const char       *name,
                                const char       *tax_id)
{
  Debtor d = { id, g_strdup (name != NULL ? name : ""), g_strdup (tax_id != NULL ? tax_id : "") };

  g_return_if_fail (self != NULL && self->thread == NULL);
  g_return_if_fail (self->debtors->len == 0 ||
                    g_array_index (self->debtors, Debtor, self->debtors->len - 1).id < id);

  g_array_append_val (self->debtors, d);
}

static int
compare_debtor_id_cb (gconstpointer a,
                      gconstpointer b)
{
  const gint64 *id = a;
  const Debtor *d = b;

  return (*id > d->id) - (*id < d->id);
}

void
_cbz_search_builder_set_tax_id (CbzSearchBuilder *self,
                                gint64            id,
                                const char       *tax_id)
{
  Debtor *d;

  g_return_if_fail (self != NULL && self->thread == NULL);

  d = bsearch (&id, self->debtors->data, self->debtors->len, sizeof (Debtor), compare_debtor_id_cb);
  g_return_if_fail (d != NULL);
  g_free (d->tax_id);
  d->tax_id = g_strdup (tax_id != NULL ? tax_id : "");
}

static int
compare_numbers_cb (gconstpointer a,
                    gconstpointer b)
{
  /* Byte order, as sqlite's BINARY collation and the (debtor_id, number)
   * index that group_concat() reads them from. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The customer's distinct invoice numbers in byte order, joined by spaces:
 * its rows are a handful, sorted on the spot. */
static void
join_numbers (CbzSearchBuilder *self,
              guint             group,
              GPtrArray        *numbers,
              GString          *joined)
{
  const char *previous = NULL;

  g_ptr_array_set_size (numbers, 0);
  for (guint k = self->group_start[group]; k < self->group_start[group + 1]; k++)
    g_ptr_array_add (numbers, (gpointer) self->invoices[k].number);
  if (numbers->len > 1)
    qsort (numbers->pdata, numbers->len, sizeof (gpointer), compare_numbers_cb);

  g_string_truncate (joined, 0);
  for (guint k = 0; k < numbers->len; k++)
    {
      const char *number = g_ptr_array_index (numbers, k);

      /* A number twice in the file is one invoice, written once. */
      if (previous != NULL && strcmp (previous, number) == 0)
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, number);
      previous = number;
    }
}

static gboolean
exec (sqlite3    *db,
      const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static gboolean
fill (CbzSearchBuilder *self,
      sqlite3          *db)
{
  static const char insert_sql[] =
    "INSERT INTO " TABLE " (rowid, name, tax_id, numbers) VALUES (?1, ?2, ?3, ?4)";
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GString) joined = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  /* As refresh_search_all() in cbz-store-summaries.c: no merging while the
   * index fills, fts5's usual merging for the writes after it. */
  ok = exec (db, "BEGIN") &&
       exec (db, "INSERT INTO " TABLE " (" TABLE ", rank) VALUES ('automerge', 0)") &&
       sqlite3_prepare_v2 (db, insert_sql, -1, &stmt, NULL) == SQLITE_OK;

  /* The customers were added as they were created: in the order of the
   * writer's groups. */
  g_assert (!ok || self->debtors->len == self->n_groups);
  for (guint i = 0; ok && i < self->debtors->len; i++)
    {
      const Debtor *d = &g_array_index (self->debtors, Debtor, i);
      g_autofree char *key = _cbz_search_key (d->name);

      if (i % 1024 == 0 && g_atomic_int_get (&self->cancelled))
        {
          ok = FALSE;
          break;
        }

      join_numbers (self, i, numbers, joined);
      sqlite3_bind_int64 (stmt, 1, d->id);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, d->tax_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, joined->str, (int) joined->len, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  return ok &&
         exec (db, "INSERT INTO " TABLE " (" TABLE ", rank) VALUES ('automerge', 4)") &&
         exec (db, "COMMIT");
}

static gpointer
build_thread (gpointer data)
{
  CbzSearchBuilder *self = data;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      !exec (db, self->table_sql) ||
      !fill (self, db))
    {
      if (!g_atomic_int_get (&self->cancelled))
        self->failure = g_strdup (db != NULL ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  self->db = db;
  g_debug ("search index: built in %.3f s", (g_get_monotonic_time () - self->started) / 1e6);
  return NULL;
}

void
_cbz_search_builder_start (CbzSearchBuilder       *self,
                           const CbzImportInvoice *invoices,
                           const guint32          *group_start,
                           guint                   n_groups)
{
  g_return_if_fail (self != NULL && self->thread == NULL);
  g_return_if_fail (invoices != NULL && group_start != NULL);

  self->invoices = invoices;
  self->group_start = group_start;
  self->n_groups = n_groups;
  self->started = g_get_monotonic_time ();
  self->thread = g_thread_new ("cbz-search-index", build_thread, self);
}

/* Copies one of the fts5 table's shadow tables, row by row as stored. */
static gboolean
copy_table (CbzSearchBuilder *self,
            CbzStore         *store,
            const char       *name,
            GError          **error)
{
  g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM \"%s\"", name);
  g_autofree char *select_sql = g_strdup_printf ("SELECT * FROM \"%s\"", name);
  g_autoptr(GString) insert_sql = g_string_new (NULL);
  sqlite3 *db = cbz_store_get_handle (store);
  sqlite3_stmt *from = NULL;
  sqlite3_stmt *to = NULL;
  int n_columns;
  int rc;

  if (!_cbz_store_exec (store, delete_sql, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, select_sql, -1, &from, NULL) != SQLITE_OK)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                   _("Could not build the customer search index: %s"), sqlite3_errmsg (self->db));
      return FALSE;
    }
  n_columns = sqlite3_column_count (from);
  g_string_printf (insert_sql, "INSERT INTO \"%s\" VALUES (", name);
  for (int c = 0; c < n_columns; c++)
    g_string_append_printf (insert_sql, "%s?%d", c > 0 ? ", " : "", c + 1);
  g_string_append_c (insert_sql, ')');
  if (sqlite3_prepare_v2 (db, insert_sql->str, -1, &to, NULL) != SQLITE_OK)
    {
      _cbz_store_set_error (store, error, insert_sql->str);
      sqlite3_finalize (from);
      return FALSE;
    }

  while ((rc = sqlite3_step (from)) == SQLITE_ROW)
    {
      for (int c = 0; c < n_columns; c++)
        sqlite3_bind_value (to, c + 1, sqlite3_column_value (from, c));
      if (sqlite3_step (to) != SQLITE_DONE)
        {
          _cbz_store_set_error (store, error, insert_sql->str);
          sqlite3_finalize (to);
          sqlite3_finalize (from);
          return FALSE;
        }
      sqlite3_reset (to);
    }
  sqlite3_finalize (to);
  sqlite3_finalize (from);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                   _("Could not build the customer search index: %s"), sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

gboolean
_cbz_search_builder_finish (CbzSearchBuilder  *self,
                            CbzStore          *store,
                            GError           **error)
{
  static const char shadow_sql[] =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '" TABLE "\\_%' ESCAPE '\\'"
    " ORDER BY name";
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  gint64 copy_started;

  g_return_val_if_fail (self != NULL && self->thread != NULL, FALSE);
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  {
    gint64 t0 = g_get_monotonic_time ();

    g_thread_join (g_steal_pointer (&self->thread));
    g_debug ("search index: waited %.3f s for its thread", (g_get_monotonic_time () - t0) / 1e6);
  }
  if (self->db == NULL)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                   _("Could not build the customer search index: %s"),
                   self->failure != NULL ? self->failure : "");
      return FALSE;
    }

  /* The same statement made both tables, so they have the same shadow
   * tables: data (the index's blocks and its structure), idx, content,
   * docsize and config. */
  if (sqlite3_prepare_v2 (self->db, shadow_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_SQL,
                   _("Could not build the customer search index: %s"), sqlite3_errmsg (self->db));
      return FALSE;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  copy_started = g_get_monotonic_time ();
  sqlite3_finalize (stmt);

  for (guint i = 0; i < names->len; i++)
    {
      if (!copy_table (self, store, g_ptr_array_index (names, i), error))
        return FALSE;
    }
  g_debug ("search index: copied in %.3f s", (g_get_monotonic_time () - copy_started) / 1e6);
  return TRUE;
}

void
_cbz_search_builder_free (CbzSearchBuilder *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    {
      g_atomic_int_set (&self->cancelled, 1);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->debtors, g_array_unref);
  g_free (self->table_sql);
  g_free (self->failure);
  g_free (self);
}
