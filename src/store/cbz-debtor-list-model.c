/* cbz-debtor-list-model.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-debtor-list-model.h"
#include "cbz-debtor-row-private.h"
#include "cbz-store-private.h"

/*
 * The model holds the ordered ids of the matching debtors (8 bytes each: 800
 * KB for 100,000 customers) and a bounded cache of rows keyed by id. Reading
 * position N loads the page around it with one query. A reload re-runs the id
 * query, reports the changed span between the common prefix and suffix of
 * the old and new id lists, and re-reads the cached rows outside that span to
 * report the ones whose figures changed.
 */

#define PAGE_SIZE 64
#define MAX_CACHED_ROWS 4096

struct _CbzDebtorListModel
{
  GObject         parent_instance;

  CbzStore       *store;
  gulong          changed_handler;
  guint           reload_idle;

  char           *search_text;
  CbzAgingFilter  aging_filter;
  char           *tag;
  CbzDebtorSort   sort_key;
  gboolean        descending;

  GArray         *ids;          /* gint64, in list order */
  GHashTable     *rows;         /* id → CbzDebtorRow */
  GHashTable     *pages;        /* page index → itself: pages read since the last reload */
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH_TEXT,
  PROP_AGING_FILTER,
  PROP_TAG,
  PROP_SORT_KEY,
  PROP_DESCENDING,
  PROP_N_ITEMS,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CbzDebtorListModel, cbz_debtor_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_ENUM_TYPE (CbzDebtorSort, cbz_debtor_sort,
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_NAME, "name"),
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_TAX_ID, "tax-id"),
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_OVERDUE_BALANCE, "overdue-balance"),
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_OPEN_BALANCE, "open-balance"),
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_DAYS_OVERDUE, "days-overdue"),
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_OPEN_COUNT, "open-count"),
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_LAST_CONTACT, "last-contact"),
  G_DEFINE_ENUM_VALUE (CBZ_DEBTOR_SORT_NEXT_ACTION, "next-action"))

G_DEFINE_ENUM_TYPE (CbzAgingFilter, cbz_aging_filter,
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_ALL, "all"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_OVERDUE, "overdue"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_NOT_DUE, "not-due"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_1_30, "1-30"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_31_60, "31-60"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_61_90, "61-90"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_91_120, "91-120"),
  G_DEFINE_ENUM_VALUE (CBZ_AGING_FILTER_OVER_120, "over-120"))

static GParamSpec *properties[N_PROPS];

static const char *
sort_column (CbzDebtorSort key)
{
  switch (key)
    {
    case CBZ_DEBTOR_SORT_NAME:
      return "d.name_key";
    case CBZ_DEBTOR_SORT_TAX_ID:
      return "d.tax_id";
    case CBZ_DEBTOR_SORT_OVERDUE_BALANCE:
      return "s.overdue_balance";
    case CBZ_DEBTOR_SORT_OPEN_BALANCE:
      return "s.open_balance";
    case CBZ_DEBTOR_SORT_DAYS_OVERDUE:
      return "s.days_overdue";
    case CBZ_DEBTOR_SORT_OPEN_COUNT:
      return "s.open_count";
    case CBZ_DEBTOR_SORT_LAST_CONTACT:
      return "s.last_contact_at";
    case CBZ_DEBTOR_SORT_NEXT_ACTION:
      return "s.next_action";
    default:
      g_assert_not_reached ();
    }
}

/* A LIKE pattern for the trigram index: @text anywhere. No ESCAPE clause
 * (the index is used only for plain two-argument LIKE), so a typed % or _
 * becomes _, any one character: a few more candidates, never fewer. */
static char *
trigram_like (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (pattern, *p == '%' ? '_' : *p);
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* A LIKE pattern matching @text anywhere, with %, _ and \ escaped. */
static char *
like_contains (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

typedef struct
{
  gboolean   indexed;      /* answered by the debtor_search trigram index: */
  GPtrArray *name_likes;   /*   names containing every word (3+ characters), */
  char      *tax_like;     /*   or tax IDs containing its letters and digits, */
  char      *number_like;  /*   or invoice numbers containing it as typed */
  gboolean   nothing;      /* only punctuation: nothing can match */
  char *name_like;   /* two characters: names containing them */
  char *name_from;   /* one character: names starting with it, */
  char *name_to;     /*   as a range of the name_key index */
} Search;

static void
search_clear (Search *search)
{
  g_clear_pointer (&search->name_likes, g_ptr_array_unref);
  g_clear_pointer (&search->tax_like, g_free);
  g_clear_pointer (&search->number_like, g_free);
  g_clear_pointer (&search->name_like, g_free);
  g_clear_pointer (&search->name_from, g_free);
  g_clear_pointer (&search->name_to, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

/*
 * The trigram index answers substrings of 3+ characters. The query is tried
 * three ways, any of which may match: every word of it (3+ characters) in
 * the name; its letters and digits in the tax ID; the text as typed in an
 * invoice number. Shorter queries are too short for tax IDs and invoice
 * numbers and would match nearly every name as a substring, so: two
 * characters find names containing them (a scan of the name index), one
 * character the names starting with it (a range of that index), the way a
 * list jumps to a letter.
 */
static gboolean
build_search (const char *text,
              Search     *search)
{
  g_autofree char *stripped = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *alnum = NULL;
  g_auto(GStrv) words = NULL;

  memset (search, 0, sizeof *search);

  if (text == NULL)
    return FALSE;
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return FALSE;

  name_key = _cbz_search_key (stripped);
  alnum = _cbz_alnum_key (stripped);
  words = g_strsplit (name_key, " ", -1);

  search->name_likes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_utf8_strlen (words[i], -1) >= 3)
        g_ptr_array_add (search->name_likes, trigram_like (words[i]));
    }
  /* Tax IDs (RFC, RUT, CUIT, NIT, RUC) and invoice numbers all but always
   * have digits, and the index holds no columns (detail = none): a query of
   * letters alone looked up there too would load and check the rows of
   * every name containing it. */
  if (strpbrk (stripped, "0123456789") != NULL)
    {
      if (g_utf8_strlen (alnum, -1) >= 3)
        search->tax_like = trigram_like (alnum);
      if (g_utf8_strlen (stripped, -1) >= 3)
        search->number_like = trigram_like (stripped);
    }

  if (search->name_likes->len > 0 || search->tax_like != NULL || search->number_like != NULL)
    {
      search->indexed = TRUE;
      return TRUE;
    }

  if (*name_key == '\0')
    {
      /* Only punctuation: nothing can match. */
      search->nothing = TRUE;
      return TRUE;
    }

  if (g_utf8_strlen (name_key, -1) == 1)
    {
      gunichar c = g_utf8_get_char (name_key);
      char next[8] = { 0 };

      search->name_from = g_strdup (name_key);
      g_unichar_to_utf8 (c + 1, next);
      search->name_to = g_strdup (next);
      return TRUE;
    }

  search->name_like = like_contains (name_key);
  return TRUE;
}

/* Reads the ordered ids for the current filters into a new array. */
static GArray *
query_ids (CbzDebtorListModel  *self,
           GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GArray) ids = NULL;
  g_auto(Search) search = { 0 };
  gboolean need_debtors;
  gboolean have_search;
  const char *direction = self->descending ? "DESC" : "ASC";
  sqlite3_stmt *stmt;
  int param = 0;
  g_autoptr(GPtrArray) fts_values = g_ptr_array_new ();
  int p_fts = 0;
  int p_like = 0, p_from = 0, p_to = 0, p_min = 0, p_max = 0, p_tag = 0;
  gint64 min_days = 0, max_days = -1;
  int rc;

  have_search = build_search (self->search_text, &search);
  need_debtors = self->sort_key == CBZ_DEBTOR_SORT_NAME || self->sort_key == CBZ_DEBTOR_SORT_TAX_ID;

  g_string_append (sql, "SELECT s.debtor_id FROM debtor_summaries s ");
  if (need_debtors)
    g_string_append (sql, "JOIN debtors d ON d.id = s.debtor_id ");
  g_string_append (sql, "WHERE 1");

  /* Short queries match many debtors: "+" keeps sqlite walking the sort
   * index and testing membership instead of sorting tens of thousands of
   * rows; a trigram match is usually small, so there it looks the rows up. */
  if (have_search && search.nothing)
    g_string_append (sql, " AND 0");
  else if (have_search && search.indexed)
    {
      const char *glue = "";

      /* One indexed LIKE lookup per way the query may match, unioned: an OR
       * of LIKEs would not reach the index. */
      g_string_append (sql, " AND s.debtor_id IN (");
      if (search.name_likes->len > 0)
        {
          g_string_append (sql, "SELECT rowid FROM debtor_search WHERE ");
          for (guint i = 0; i < search.name_likes->len; i++)
            {
              g_ptr_array_add (fts_values, g_ptr_array_index (search.name_likes, i));
              g_string_append_printf (sql, "%sname LIKE ?%d", i > 0 ? " AND " : "", ++param);
            }
          glue = " UNION ";
        }
      if (search.tax_like != NULL)
        {
          g_ptr_array_add (fts_values, search.tax_like);
          g_string_append_printf (sql, "%sSELECT rowid FROM debtor_search WHERE tax_id LIKE ?%d", glue, ++param);
          glue = " UNION ";
        }
      if (search.number_like != NULL)
        {
          g_ptr_array_add (fts_values, search.number_like);
          g_string_append_printf (sql, "%sSELECT rowid FROM debtor_search WHERE numbers LIKE ?%d", glue, ++param);
        }
      g_string_append_c (sql, ')');
      p_fts = param - (int) fts_values->len + 1;
    }
  else if (have_search && search.name_like != NULL)
    {
      p_like = ++param;
      g_string_append_printf (sql, " AND +s.debtor_id IN (SELECT id FROM debtors"
                                   " WHERE name_key LIKE ?%d ESCAPE '\\')", p_like);
    }
  else if (have_search)
    {
      p_from = ++param;
      p_to = ++param;
      g_string_append_printf (sql, " AND +s.debtor_id IN (SELECT id FROM debtors"
                                   " WHERE name_key >= ?%d AND name_key < ?%d)", p_from, p_to);
    }

  switch (self->aging_filter)
    {
    case CBZ_AGING_FILTER_ALL:
      break;
    case CBZ_AGING_FILTER_OVERDUE:
      min_days = 1;
      break;
    case CBZ_AGING_FILTER_NOT_DUE:
    case CBZ_AGING_FILTER_1_30:
    case CBZ_AGING_FILTER_31_60:
    case CBZ_AGING_FILTER_61_90:
    case CBZ_AGING_FILTER_91_120:
    case CBZ_AGING_FILTER_OVER_120:
      cbz_aging_bucket_get_range ((CbzAgingBucket) (self->aging_filter - CBZ_AGING_FILTER_NOT_DUE),
                                  &min_days, &max_days);
      break;
    default:
      g_assert_not_reached ();
    }
  if (self->aging_filter != CBZ_AGING_FILTER_ALL)
    {
      p_min = ++param;
      g_string_append_printf (sql, " AND s.days_overdue >= ?%d", p_min);
      if (max_days >= 0)
        {
          p_max = ++param;
          g_string_append_printf (sql, " AND s.days_overdue <= ?%d", p_max);
        }
    }

  if (self->tag != NULL)
    {
      p_tag = ++param;
      g_string_append_printf (sql, " AND s.debtor_id IN (SELECT debtor_id FROM debtor_tags"
                                   " WHERE tag = ?%d)", p_tag);
    }

  /* Same direction for the tie-breaker, so one index scan gives the order. */
  g_string_append_printf (sql, " ORDER BY %s %s, %s %s",
                          sort_column (self->sort_key), direction,
                          need_debtors ? "d.id" : "s.debtor_id", direction);

  stmt = _cbz_store_prepare (self->store, sql->str, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; p_fts > 0 && i < fts_values->len; i++)
    _cbz_bind_text (stmt, p_fts + (int) i, g_ptr_array_index (fts_values, i));
  if (p_like)
    _cbz_bind_text (stmt, p_like, search.name_like);
  if (p_from)
    _cbz_bind_text (stmt, p_from, search.name_from);
  if (p_to)
    _cbz_bind_text (stmt, p_to, search.name_to);
  if (p_min)
    sqlite3_bind_int64 (stmt, p_min, min_days);
  if (p_max)
    sqlite3_bind_int64 (stmt, p_max, max_days);
  if (p_tag)
    _cbz_bind_text (stmt, p_tag, self->tag);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->ids->len > 0 ? self->ids->len : 256);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self->store, error, sql->str);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Reads the rows for @ids into a new id → row table. */
static GHashTable *
read_rows (CbzDebtorListModel  *self,
           const gint64        *ids,
           guint                n_ids,
           GError             **error)
{
  static const char sql[] =
    "SELECT " CBZ_DEBTOR_ROW_COLUMNS " FROM debtors d"
    " LEFT JOIN debtor_summaries s ON s.debtor_id = d.id"
    " WHERE d.id IN (SELECT value FROM json_each (?1))";
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(GString) json = g_string_sized_new (n_ids * 8 + 2);
  sqlite3_stmt *stmt;
  int rc;

  rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

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
      CbzDebtorRow *row = _cbz_debtor_row_new_from_stmt (stmt);
      gint64 id = cbz_debtor_row_get_id (row);

      g_hash_table_replace (rows, g_memdup2 (&id, sizeof id), row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self->store, error, sql);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
cache_row (CbzDebtorListModel *self,
           CbzDebtorRow       *row)
{
  gint64 id = cbz_debtor_row_get_id (row);

  g_hash_table_replace (self->rows, g_memdup2 (&id, sizeof id), g_object_ref (row));
}

static gboolean
load_page (CbzDebtorListModel *self,
           guint               page)
{
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint start = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - start);
  GHashTableIter iter;
  gpointer value;

  /* Bounded memory: when the cache is full, start over (rows the view still
   * shows are held by the view and are re-read on demand). */
  if (g_hash_table_size (self->rows) + n > MAX_CACHED_ROWS)
    {
      g_hash_table_remove_all (self->rows);
      g_hash_table_remove_all (self->pages);
    }

  rows = read_rows (self, &g_array_index (self->ids, gint64, start), n, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read customers %u–%u of the list: %s", start, start + n, error->message);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    cache_row (self, value);
  g_hash_table_add (self->pages, GUINT_TO_POINTER (page));
  return TRUE;
}

static GType
cbz_debtor_list_model_get_item_type (GListModel *model)
{
  return CBZ_TYPE_DEBTOR_ROW;
}

static guint
cbz_debtor_list_model_get_n_items (GListModel *model)
{
  CbzDebtorListModel *self = CBZ_DEBTOR_LIST_MODEL (model);

  return self->ids->len;
}

static gpointer
cbz_debtor_list_model_get_item (GListModel *model,
                                guint       position)
{
  CbzDebtorListModel *self = CBZ_DEBTOR_LIST_MODEL (model);
  gint64 id;
  CbzDebtorRow *row;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  row = g_hash_table_lookup (self->rows, &id);
  if (row == NULL && load_page (self, position / PAGE_SIZE))
    row = g_hash_table_lookup (self->rows, &id);
  if (row == NULL)
    return NULL;

  return g_object_ref (row);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cbz_debtor_list_model_get_item_type;
  iface->get_n_items = cbz_debtor_list_model_get_n_items;
  iface->get_item = cbz_debtor_list_model_get_item;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return (ua > ub) - (ua < ub);
}

/* Emits items-changed (position, 1, 1) for runs of rows whose content
 * changed, outside the structurally changed span [skip_from, skip_to). */
static void
refresh_cached_rows (CbzDebtorListModel *self,
                     guint               skip_from,
                     guint               skip_to)
{
  g_autoptr(GArray) cached = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) positions = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) fresh = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint run_start = 0, run_len = 0;

  if (g_hash_table_size (self->rows) == 0)
    return;

  for (guint i = 0; i < self->ids->len; i++)
    {
      gint64 *id = &g_array_index (self->ids, gint64, i);

      if (i >= skip_from && i < skip_to)
        continue;
      if (g_hash_table_contains (self->rows, id))
        {
          g_hash_table_insert (positions, id, GUINT_TO_POINTER (i + 1));
          g_array_append_val (cached, *id);
        }
    }

  /* Rows no longer shown outside the changed span are dropped. */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (positions, key))
        g_hash_table_iter_remove (&iter);
    }

  if (cached->len == 0)
    return;

  fresh = read_rows (self, (const gint64 *) (gpointer) cached->data, cached->len, &error);
  if (fresh == NULL)
    {
      g_warning ("Could not re-read the customers shown: %s", error->message);
      g_hash_table_remove_all (self->rows);
      return;
    }

  for (guint i = 0; i < cached->len; i++)
    {
      gint64 id = g_array_index (cached, gint64, i);
      CbzDebtorRow *old_row = g_hash_table_lookup (self->rows, &id);
      CbzDebtorRow *new_row = g_hash_table_lookup (fresh, &id);
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (positions, &id)) - 1;

      if (new_row == NULL)
        {
          /* Deleted meanwhile by another connection: the next reload drops it. */
          g_hash_table_remove (self->rows, &id);
          continue;
        }
      if (old_row != NULL && cbz_debtor_row_equal (old_row, new_row))
        continue;
      cache_row (self, new_row);
      g_array_append_val (changed, position);
    }

  g_array_sort (changed, compare_uint);
  for (guint i = 0; i < changed->len; i++)
    {
      guint position = g_array_index (changed, guint, i);

      if (run_len > 0 && position == run_start + run_len)
        {
          run_len++;
          continue;
        }
      if (run_len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), run_start, run_len, run_len);
      run_start = position;
      run_len = 1;
    }
  if (run_len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), run_start, run_len, run_len);
}

static void
store_changed_cb (CbzDebtorListModel *self,
                  CbzStore           *store);

static gboolean
reload_idle_cb (gpointer data)
{
  CbzDebtorListModel *self = data;
  g_autoptr(GError) error = NULL;

  self->reload_idle = 0;
  if (!cbz_debtor_list_model_reload (self, &error))
    g_warning ("Could not reload the customer list: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* Several writes in a row (an import, a batch of sends) reload once. */
static void
store_changed_cb (CbzDebtorListModel *self,
                  CbzStore           *store)
{
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

static void
reload_or_warn (CbzDebtorListModel *self)
{
  g_autoptr(GError) error = NULL;

  if (!cbz_debtor_list_model_reload (self, &error))
    g_warning ("Could not reload the customer list: %s", error->message);
}

static void
cbz_debtor_list_model_dispose (GObject *object)
{
  CbzDebtorListModel *self = (CbzDebtorListModel *) object;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_debtor_list_model_parent_class)->dispose (object);
}

static void
cbz_debtor_list_model_finalize (GObject *object)
{
  CbzDebtorListModel *self = (CbzDebtorListModel *) object;

  g_free (self->search_text);
  g_free (self->tag);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (cbz_debtor_list_model_parent_class)->finalize (object);
}

static void
cbz_debtor_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CbzDebtorListModel *self = CBZ_DEBTOR_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    case PROP_AGING_FILTER:
      g_value_set_enum (value, self->aging_filter);
      break;
    case PROP_TAG:
      g_value_set_string (value, self->tag);
      break;
    case PROP_SORT_KEY:
      g_value_set_enum (value, self->sort_key);
      break;
    case PROP_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CbzDebtorListModel *self = CBZ_DEBTOR_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SEARCH_TEXT:
      cbz_debtor_list_model_set_search_text (self, g_value_get_string (value));
      break;
    case PROP_AGING_FILTER:
      cbz_debtor_list_model_set_aging_filter (self, g_value_get_enum (value));
      break;
    case PROP_TAG:
      cbz_debtor_list_model_set_tag (self, g_value_get_string (value));
      break;
    case PROP_SORT_KEY:
      cbz_debtor_list_model_set_sort_key (self, g_value_get_enum (value));
      break;
    case PROP_DESCENDING:
      cbz_debtor_list_model_set_descending (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_list_model_constructed (GObject *object)
{
  CbzDebtorListModel *self = (CbzDebtorListModel *) object;

  G_OBJECT_CLASS (cbz_debtor_list_model_parent_class)->constructed (object);

  g_assert (CBZ_IS_STORE (self->store));
  self->changed_handler = g_signal_connect_object (self->store, "changed",
                                                   G_CALLBACK (store_changed_cb), self,
                                                   G_CONNECT_SWAPPED);
  reload_or_warn (self);
}

static void
cbz_debtor_list_model_class_init (CbzDebtorListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = cbz_debtor_list_model_constructed;
  object_class->dispose = cbz_debtor_list_model_dispose;
  object_class->finalize = cbz_debtor_list_model_finalize;
  object_class->get_property = cbz_debtor_list_model_get_property;
  object_class->set_property = cbz_debtor_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CBZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, NULL, flags);
  properties[PROP_AGING_FILTER] =
    g_param_spec_enum ("aging-filter", NULL, NULL, CBZ_TYPE_AGING_FILTER, CBZ_AGING_FILTER_ALL, flags);
  properties[PROP_TAG] = g_param_spec_string ("tag", NULL, NULL, NULL, flags);
  properties[PROP_SORT_KEY] =
    g_param_spec_enum ("sort-key", NULL, NULL, CBZ_TYPE_DEBTOR_SORT,
                       CBZ_DEBTOR_SORT_OVERDUE_BALANCE, flags);
  properties[PROP_DESCENDING] = g_param_spec_boolean ("descending", NULL, NULL, TRUE, flags);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cbz_debtor_list_model_init (CbzDebtorListModel *self)
{
  self->aging_filter = CBZ_AGING_FILTER_ALL;
  self->sort_key = CBZ_DEBTOR_SORT_OVERDUE_BALANCE;
  self->descending = TRUE;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->pages = g_hash_table_new (NULL, NULL);
}

CbzAgingFilter
cbz_aging_filter_for_bucket (CbzAgingBucket bucket)
{
  g_return_val_if_fail ((guint) bucket < CBZ_AGING_N_BUCKETS, CBZ_AGING_FILTER_ALL);

  return (CbzAgingFilter) (CBZ_AGING_FILTER_NOT_DUE + bucket);
}

/**
 * cbz_debtor_list_model_new:
 *
 * Returns: (transfer full): a model over @store's debtors, sorted by overdue
 *   balance, largest first, and already loaded.
 */
CbzDebtorListModel *
cbz_debtor_list_model_new (CbzStore *store)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  return g_object_new (CBZ_TYPE_DEBTOR_LIST_MODEL, "store", store, NULL);
}

CbzStore *
cbz_debtor_list_model_get_store (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), NULL);
  return self->store;
}

const char *
cbz_debtor_list_model_get_search_text (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), NULL);
  return self->search_text;
}

void
cbz_debtor_list_model_set_search_text (CbzDebtorListModel *self,
                                       const char         *text)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search_text, text) == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_strdup (text);
  reload_or_warn (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

CbzAgingFilter
cbz_debtor_list_model_get_aging_filter (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), CBZ_AGING_FILTER_ALL);
  return self->aging_filter;
}

void
cbz_debtor_list_model_set_aging_filter (CbzDebtorListModel *self,
                                        CbzAgingFilter      filter)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self));
  g_return_if_fail (filter <= CBZ_AGING_FILTER_OVER_120);

  if (self->aging_filter == filter)
    return;

  self->aging_filter = filter;
  reload_or_warn (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGING_FILTER]);
}

const char *
cbz_debtor_list_model_get_tag (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), NULL);
  return self->tag;
}

void
cbz_debtor_list_model_set_tag (CbzDebtorListModel *self,
                               const char         *tag)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self));

  if (tag != NULL && *tag == '\0')
    tag = NULL;
  if (g_strcmp0 (self->tag, tag) == 0)
    return;

  g_free (self->tag);
  self->tag = g_strdup (tag);
  reload_or_warn (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAG]);
}

CbzDebtorSort
cbz_debtor_list_model_get_sort_key (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), CBZ_DEBTOR_SORT_OVERDUE_BALANCE);
  return self->sort_key;
}

void
cbz_debtor_list_model_set_sort_key (CbzDebtorListModel *self,
                                    CbzDebtorSort       key)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self));
  g_return_if_fail (key <= CBZ_DEBTOR_SORT_NEXT_ACTION);

  if (self->sort_key == key)
    return;

  self->sort_key = key;
  reload_or_warn (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_KEY]);
}

gboolean
cbz_debtor_list_model_get_descending (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), FALSE);
  return self->descending;
}

void
cbz_debtor_list_model_set_descending (CbzDebtorListModel *self,
                                      gboolean            descending)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self));

  descending = !!descending;
  if (self->descending == descending)
    return;

  self->descending = descending;
  reload_or_warn (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
}

/**
 * cbz_debtor_list_model_reload:
 *
 * Re-reads the matching ids now and emits the smallest items-changed that
 * covers the difference, plus (position, 1, 1) for rows read before whose
 * figures changed. Returns FALSE (model unchanged) when the query fails.
 */
gboolean
cbz_debtor_list_model_reload (CbzDebtorListModel  *self,
                              GError             **error)
{
  g_autoptr(GArray) old_ids = NULL;
  GArray *new_ids;
  guint old_len, new_len, prefix = 0, suffix = 0;

  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), FALSE);

  g_clear_handle_id (&self->reload_idle, g_source_remove);

  new_ids = query_ids (self, error);
  if (new_ids == NULL)
    return FALSE;

  old_ids = self->ids;
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
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_len - prefix - suffix, new_len - prefix - suffix);

  refresh_cached_rows (self, prefix, new_len - suffix);

  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

gint64
cbz_debtor_list_model_get_id (CbzDebtorListModel *self,
                              guint               position)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

int
cbz_debtor_list_model_find_id (CbzDebtorListModel *self,
                               gint64              id)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), -1);

  for (guint i = 0; i < self->ids->len; i++)
    {
      if (g_array_index (self->ids, gint64, i) == id)
        return (int) i;
    }
  return -1;
}

guint
cbz_debtor_list_model_get_n_cached_pages (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}
