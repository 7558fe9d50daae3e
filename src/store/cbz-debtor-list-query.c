/* cbz-debtor-list-query.c: the customer list's ids, filtered and sorted in sqlite
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-debtor-list-model-private.h"
#include "cbz-store-private.h"

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


/* Appends the ids matching @query to @ids, in order. With @currency, only
 * the debtors whose figures are in it; with @ranks (a JSON array of
 * currencies), grouped by currency in that order first. */
static gboolean
run_query (CbzStore                  *store,
           const CbzDebtorListQuery  *query,
           const char                *currency,
           const char                *ranks,
           GArray                    *ids,
           GError                   **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_auto(Search) search = { 0 };
  gboolean need_debtors;
  gboolean have_search;
  const char *direction = query->descending ? "DESC" : "ASC";
  sqlite3_stmt *stmt;
  int param = 0;
  g_autoptr(GPtrArray) fts_values = g_ptr_array_new ();
  int p_fts = 0;
  int p_like = 0, p_from = 0, p_to = 0, p_min = 0, p_max = 0, p_tag = 0, p_currency = 0, p_ranks = 0;
  gint64 min_days = 0, max_days = -1;
  int rc;

  have_search = build_search (query->search_text, &search);
  need_debtors = query->sort_key == CBZ_DEBTOR_SORT_NAME || query->sort_key == CBZ_DEBTOR_SORT_TAX_ID;

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

  switch (query->aging_filter)
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
      cbz_aging_bucket_get_range ((CbzAgingBucket) (query->aging_filter - CBZ_AGING_FILTER_NOT_DUE),
                                  &min_days, &max_days);
      break;
    default:
      g_assert_not_reached ();
    }
  if (query->aging_filter != CBZ_AGING_FILTER_ALL)
    {
      p_min = ++param;
      g_string_append_printf (sql, " AND s.days_overdue >= ?%d", p_min);
      if (max_days >= 0)
        {
          p_max = ++param;
          g_string_append_printf (sql, " AND s.days_overdue <= ?%d", p_max);
        }
    }

  if (query->tag != NULL)
    {
      p_tag = ++param;
      g_string_append_printf (sql, " AND s.debtor_id IN (SELECT debtor_id FROM debtor_tags"
                                   " WHERE tag = ?%d)", p_tag);
    }

  if (currency != NULL)
    {
      p_currency = ++param;
      g_string_append_printf (sql, " AND s.currency = ?%d", p_currency);
    }

  /* Same direction for the tie-breaker, so one index scan gives the order
   * (with @currency, the index on currency and amount). */
  g_string_append (sql, " ORDER BY ");
  if (ranks != NULL)
    {
      p_ranks = ++param;
      g_string_append_printf (sql, "COALESCE ((SELECT key FROM json_each (?%d) WHERE value = s.currency),"
                                   " 1000000), s.currency, ", p_ranks);
    }
  g_string_append_printf (sql, "%s %s, %s %s",
                          sort_column (query->sort_key), direction,
                          need_debtors ? "d.id" : "s.debtor_id", direction);

  stmt = _cbz_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;

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
    _cbz_bind_text (stmt, p_tag, query->tag);
  if (p_currency)
    _cbz_bind_text (stmt, p_currency, currency);
  if (p_ranks)
    _cbz_bind_text (stmt, p_ranks, ranks);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (store, error, sql->str);
      return FALSE;
    }
  return TRUE;
}
static char *
strv_to_json (const char * const *strv)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      /* ISO 4217 codes: letters only, nothing to escape. */
      g_string_append_printf (json, "%s\"%s\"", i > 0 ? "," : "", strv[i]);
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static gboolean
sorts_by_amount (CbzDebtorSort key)
{
  return key == CBZ_DEBTOR_SORT_OVERDUE_BALANCE || key == CBZ_DEBTOR_SORT_OPEN_BALANCE;
}

/*
 * Amounts in different currencies are not comparable: sorted by an amount,
 * the list groups customers by the currency of their figures, in the order
 * of @query->currencies (every currency present, the most common first),
 * and sorts by the amount within each group. Without a search, one query
 * per currency walks the index on (currency, amount) in order, so 100,000
 * customers are never sorted; a search matches few, and one query sorts
 * them by group.
 */
GArray *
_cbz_debtor_list_query_ids (CbzStore                  *store,
                            const CbzDebtorListQuery  *query,
                            guint                      size_hint,
                            GError                   **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), MAX (size_hint, 256));

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  if (!sorts_by_amount (query->sort_key) || query->currencies == NULL)
    {
      if (!run_query (store, query, NULL, NULL, ids, error))
        return NULL;
    }
  else if (query->search_text != NULL && query->search_text[0] != '\0')
    {
      g_autofree char *ranks = strv_to_json (query->currencies);

      if (!run_query (store, query, NULL, ranks, ids, error))
        return NULL;
    }
  else
    {
      for (guint i = 0; query->currencies[i] != NULL; i++)
        {
          if (!run_query (store, query, query->currencies[i], NULL, ids, error))
            return NULL;
        }
    }
  return g_steal_pointer (&ids);
}

/* The currencies of the debtors' figures: one index seek per currency
 * (the index on currency and amount, walked as a skip scan). */
GPtrArray *
_cbz_debtor_list_query_currencies (CbzStore  *store,
                                   GError   **error)
{
  static const char sql[] =
    "WITH RECURSIVE c (currency) AS ("
    "  SELECT MIN (currency) FROM debtor_summaries"
    "  UNION ALL SELECT (SELECT MIN (currency) FROM debtor_summaries WHERE currency > c.currency)"
    "  FROM c WHERE c.currency IS NOT NULL)"
    " SELECT currency FROM c WHERE currency IS NOT NULL";
  g_autoptr(GPtrArray) currencies = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _cbz_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (currencies, _cbz_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (store, error, sql);
      return NULL;
    }
  return g_steal_pointer (&currencies);
}

/* The currencies by how many debtors have their figures in each, most
 * first (ties by code): the order of the list's currency groups. */
GStrv
_cbz_debtor_list_query_currency_order (CbzStore  *store,
                                       GError   **error)
{
  static const char sql[] =
    "SELECT currency FROM debtor_summaries GROUP BY currency ORDER BY COUNT (*) DESC, currency";
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _cbz_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (order, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (store, error, sql);
      return NULL;
    }
  return g_strv_builder_end (order);
}
