/* cbz-import-writer-customers.c: every row's customer, found or created
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-import-writer-private.h"

static const char insert_debtor_sql[] =
  "INSERT INTO debtors (name, name_key, tax_id, tax_id_kind, contact_person, phone, mobile,"
  " whatsapp, email, address, city, region, postal_code, country, language, currency,"
  " created_at, updated_at, tax_id_problem)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, COALESCE (?15, 'es'), ?16, ?17, ?17,"
  " ?18)";
static const char select_debtor_sql[] =
  "SELECT name, tax_id, contact_person, phone, mobile, whatsapp, email, address, city, region,"
  " postal_code, country, language, tax_id_problem FROM debtors WHERE id = ?1";
/* A new tax ID (?4) comes with its kind and problem, NULL or not. */
static const char update_debtor_sql[] =
  "UPDATE debtors SET name = COALESCE (?2, name), name_key = COALESCE (?3, name_key),"
  " tax_id = COALESCE (?4, tax_id), tax_id_kind = CASE WHEN ?4 IS NULL THEN tax_id_kind ELSE ?5 END,"
  " tax_id_problem = CASE WHEN ?4 IS NULL THEN tax_id_problem ELSE ?18 END,"
  " contact_person = COALESCE (?6, contact_person), phone = COALESCE (?7, phone),"
  " mobile = COALESCE (?8, mobile), whatsapp = COALESCE (?9, whatsapp),"
  " email = COALESCE (?10, email), address = COALESCE (?11, address), city = COALESCE (?12, city),"
  " region = COALESCE (?13, region), postal_code = COALESCE (?14, postal_code),"
  " country = COALESCE (?15, country), language = COALESCE (?16, language), updated_at = ?17"
  " WHERE id = ?1";
static const char insert_tag_sql[] =
  "INSERT OR IGNORE INTO debtor_tags (debtor_id, tag) VALUES (?1, ?2)";
static const char count_invoices_sql[] =
  "SELECT count(*) FROM invoices WHERE debtor_id = ?1";
static const char set_tax_id_sql[] =
  "UPDATE debtors SET tax_id = ?2, tax_id_kind = ?3, tax_id_problem = NULL, updated_at = ?4 WHERE id = ?1";

static const char *
record_email (const CbzImportRecord *record)
{
  return record->email->len > 0 ? record->email->str : NULL;
}

gboolean
_cbz_import_writer_prepare_customers (CbzImportWriter  *w,
                                      GError          **error)
{
  w->insert_debtor = _cbz_store_prepare (w->store, insert_debtor_sql, error);
  w->insert_tag = w->insert_debtor != NULL ? _cbz_store_prepare (w->store, insert_tag_sql, error) : NULL;
  return w->insert_tag != NULL;
}

gboolean
_cbz_import_writer_load_debtors (CbzImportWriter  *w,
                                 GError          **error)
{
  static const char sql[] = "SELECT id, tax_id, name_key, tax_id_problem FROM debtors ORDER BY id";
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *tax_id = (const char *) sqlite3_column_text (stmt, 1);
      const char *name_key = (const char *) sqlite3_column_text (stmt, 2);
      gboolean verified = sqlite3_column_type (stmt, 3) == SQLITE_NULL;

      w->had_debtors = TRUE;
      /* An unverified ID is no identity: it may be mistyped, or shared. */
      if (tax_id != NULL && verified)
        {
          g_hash_table_insert (w->by_tax_id, g_strdup (tax_id), g_memdup2 (&id, sizeof id));
          g_hash_table_add (w->has_tax_id, g_memdup2 (&id, sizeof id));
        }
      if (name_key != NULL && !g_hash_table_contains (w->by_name_key, name_key))
        g_hash_table_insert (w->by_name_key, g_strdup (name_key), g_memdup2 (&id, sizeof id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (w->store, error, sql);
      return FALSE;
    }
  return TRUE;
}

static gint64
lookup_id (GHashTable *table,
           const char *key)
{
  gint64 *id = g_hash_table_lookup (table, key);

  return id != NULL ? *id : 0;
}

/* The tax ID to store for @r, its kind and its problem: the ID as written
 * when it did not check out. */
static const char *
record_tax_id (const CbzImportRecord  *r,
               const char            **kind,
               const char            **problem)
{
  *kind = NULL;
  *problem = NULL;
  if (r->has_tax_id)
    {
      *kind = cbz_tax_id_kind_to_string (r->tax_id.kind);
      return r->tax_id.normalized;
    }
  if (r->unverified_tax_id != NULL)
    {
      *kind = cbz_tax_id_kind_to_string (r->tax_id.kind);
      *problem = cbz_tax_id_problem_to_string (r->tax_id_problem);
      return r->unverified_tax_id;
    }
  return NULL;
}

static gint64
insert_debtor (CbzImportWriter        *w,
               const CbzImportRecord  *r,
               GError                **error)
{
  sqlite3_stmt *stmt = w->insert_debtor;
  const char *tax_id_kind;
  const char *tax_id_problem;
  const char *tax_id = record_tax_id (r, &tax_id_kind, &tax_id_problem);
  gint64 id;

  /* The record outlives the step: its strings need no copy. */
  _cbz_import_writer_bind_static (stmt, 1, r->customer_name);
  _cbz_import_writer_bind_static (stmt, 2, r->name_key->str);
  _cbz_import_writer_bind_static (stmt, 3, tax_id);
  _cbz_import_writer_bind_static (stmt, 4, tax_id_kind);
  _cbz_import_writer_bind_static (stmt, 5, r->contact);
  _cbz_import_writer_bind_static (stmt, 6, _cbz_import_writer_empty_to_null (r->phone));
  _cbz_import_writer_bind_static (stmt, 7, _cbz_import_writer_empty_to_null (r->mobile));
  _cbz_import_writer_bind_static (stmt, 8, _cbz_import_writer_empty_to_null (r->whatsapp));
  _cbz_import_writer_bind_static (stmt, 9, record_email (r));
  _cbz_import_writer_bind_static (stmt, 10, r->address);
  _cbz_import_writer_bind_static (stmt, 11, r->city);
  _cbz_import_writer_bind_static (stmt, 12, r->region);
  _cbz_import_writer_bind_static (stmt, 13, r->postal_code);
  _cbz_import_writer_bind_static (stmt, 14, _cbz_import_writer_empty_to_null (r->country) != NULL ? r->country
                                            : r->has_tax_id ? r->tax_id.country : NULL);
  _cbz_import_writer_bind_static (stmt, 15, _cbz_import_writer_empty_to_null (r->language));
  _cbz_import_writer_bind_static (stmt, 16, r->currency);
  sqlite3_bind_int64 (stmt, 17, w->now);
  _cbz_import_writer_bind_static (stmt, 18, tax_id_problem);
  if (!_cbz_import_writer_step_done (w, stmt, insert_debtor_sql, error))
    return 0;
  id = sqlite3_last_insert_rowid (w->db);

  if (r->has_tax_id)
    {
      g_hash_table_insert (w->by_tax_id, g_strdup (r->tax_id.normalized), g_memdup2 (&id, sizeof id));
      g_hash_table_add (w->has_tax_id, g_memdup2 (&id, sizeof id));
    }
  if (!g_hash_table_contains (w->by_name_key, r->name_key->str))
    g_hash_table_insert (w->by_name_key, g_strdup (r->name_key->str), g_memdup2 (&id, sizeof id));
  if (w->search != NULL)
    _cbz_search_builder_add_debtor (w->search, id, r->customer_name, tax_id);
  return id;
}

/* The file's value when it has one and it differs from the stored one. */
static const char *
changed (const char *file_value,
         const char *stored)
{
  file_value = _cbz_import_writer_empty_to_null (file_value);
  if (file_value == NULL || g_strcmp0 (file_value, stored) == 0)
    return NULL;
  return file_value;
}

/* Brings a known customer's data up to date with the file (first row of the
 * customer wins; empty cells keep what is stored). */
static gboolean
update_debtor (CbzImportWriter        *w,
               CbzImportDebtor        *stats,
               const CbzImportRecord  *r,
               gboolean                matched_by_tax_id,
               GError                **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, select_debtor_sql, error);
  const char *values[16] = { NULL };
  const char *tax_id_problem = NULL;
  gboolean any = FALSE;
  gboolean stored_verified;
  g_autoptr(GPtrArray) stored_values = g_ptr_array_new_with_free_func (g_free);
  const char *stored[14];

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cbz_store_set_error (w->store, error, select_debtor_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  for (int i = 0; i < 14; i++)
    {
      stored[i] = _cbz_column_dup (stmt, i);
      g_ptr_array_add (stored_values, (gpointer) stored[i]);
    }
  sqlite3_reset (stmt);

  /* A name written differently under the same tax ID is the new spelling;
   * a name matched by its key is the same spelling, give or take accents. */
  if (matched_by_tax_id)
    values[2] = changed (r->customer_name, stored[0]);
  if (values[2] != NULL)
    values[3] = r->name_key->str;
  /* A tax ID that checks out replaces none or an unverified one; one that
   * does not is kept as written where there was none or another
   * unverified one, never over one that checked out. */
  stored_verified = stored[1] != NULL && stored[13] == NULL;
  if ((r->has_tax_id && !stored_verified) ||
      (r->unverified_tax_id != NULL && !stored_verified && g_strcmp0 (stored[1], r->unverified_tax_id) != 0))
    {
      values[4] = record_tax_id (r, &values[5], &tax_id_problem);
      stats->tax_id_unverified = tax_id_problem != NULL;
      if (r->has_tax_id)
        {
          g_hash_table_insert (w->by_tax_id, g_strdup (r->tax_id.normalized), g_memdup2 (&stats->id, sizeof stats->id));
          g_hash_table_add (w->has_tax_id, g_memdup2 (&stats->id, sizeof stats->id));
        }
    }
  values[6] = changed (r->contact, stored[2]);
  values[7] = changed (r->phone, stored[3]);
  values[8] = changed (r->mobile, stored[4]);
  values[9] = changed (r->whatsapp, stored[5]);
  values[10] = changed (record_email (r), stored[6]);
  values[11] = changed (r->address, stored[7]);
  values[12] = changed (r->city, stored[8]);
  values[13] = changed (r->region, stored[9]);
  values[14] = changed (r->postal_code, stored[10]);
  values[15] = changed (r->country, stored[11]);

  for (int i = 2; i < 16; i++)
    any = any || values[i] != NULL;
  if (changed (r->language, stored[12]) != NULL)
    any = TRUE;
  if (!any)
    return TRUE;

  stmt = _cbz_store_prepare (w->store, update_debtor_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  for (int i = 2; i < 16; i++)
    _cbz_bind_text (stmt, i, values[i]);
  _cbz_bind_text (stmt, 16, changed (r->language, stored[12]));
  sqlite3_bind_int64 (stmt, 17, w->now);
  _cbz_bind_text (stmt, 18, tax_id_problem);
  if (!_cbz_import_writer_step_done (w, stmt, update_debtor_sql, error))
    return FALSE;
  stats->fields_changed = TRUE;
  return TRUE;
}

static gboolean
add_tags (CbzImportWriter        *w,
          CbzImportDebtor        *stats,
          const CbzImportRecord  *r,
          GError                **error)
{
  g_auto(GStrv) tags = NULL;

  if (r->tags == NULL)
    return TRUE;
  tags = cbz_import_record_split_tags (r);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = w->insert_tag;

      sqlite3_bind_int64 (stmt, 1, stats->id);
      _cbz_import_writer_bind_static (stmt, 2, tags[i]);
      if (!_cbz_import_writer_step_done (w, stmt, insert_tag_sql, error))
        return FALSE;
      if (sqlite3_changes (w->db) > 0 && !stats->created)
        stats->fields_changed = TRUE;
    }
  return TRUE;
}

static gboolean
count_existing_invoices (CbzImportWriter  *w,
                         CbzImportDebtor  *stats,
                         GError          **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, count_invoices_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cbz_store_set_error (w->store, error, count_invoices_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  stats->existing_invoices = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
set_tax_id (CbzImportWriter        *w,
            CbzImportDebtor        *stats,
            const CbzImportRecord  *r,
            GError                **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, set_tax_id_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  _cbz_bind_text (stmt, 2, r->tax_id.normalized);
  _cbz_bind_text (stmt, 3, cbz_tax_id_kind_to_string (r->tax_id.kind));
  sqlite3_bind_int64 (stmt, 4, w->now);
  if (!_cbz_import_writer_step_done (w, stmt, set_tax_id_sql, error))
    return FALSE;
  g_hash_table_insert (w->by_tax_id, g_strdup (r->tax_id.normalized), g_memdup2 (&stats->id, sizeof stats->id));
  g_hash_table_add (w->has_tax_id, g_memdup2 (&stats->id, sizeof stats->id));
  stats->tax_id_unverified = FALSE;
  if (!stats->created)
    stats->fields_changed = TRUE;
  if (w->search != NULL)
    _cbz_search_builder_set_tax_id (w->search, stats->id, r->tax_id.normalized);
  return TRUE;
}

/* Finds (or creates) the record's customer and its stats. */
static CbzImportDebtor *
match_debtor (CbzImportWriter        *w,
              const CbzImportRecord  *r,
              GError                **error)
{
  gboolean by_tax_id = FALSE;
  CbzImportDebtor *stats;
  gint64 id = 0;

  if (r->has_tax_id)
    {
      id = lookup_id (w->by_tax_id, r->tax_id.normalized);
      by_tax_id = id != 0;
      if (id == 0)
        {
          /* The same name without a tax ID yet: that customer, now identified.
           * The same name with another tax ID: a different company. */
          gint64 by_name = lookup_id (w->by_name_key, r->name_key->str);

          if (by_name != 0 && !g_hash_table_contains (w->has_tax_id, &by_name))
            id = by_name;
        }
    }
  else
    id = lookup_id (w->by_name_key, r->name_key->str);

  if (id != 0 && (stats = g_hash_table_lookup (w->stats, &id)) != NULL)
    {
      /* An earlier row gave this customer no tax ID, or one that did not
       * check out: this row's, which does, is the one to keep. */
      if (r->has_tax_id && !g_hash_table_contains (w->has_tax_id, &id) && !set_tax_id (w, stats, r, error))
        return NULL;
      return stats;
    }

  stats = g_new0 (CbzImportDebtor, 1);
  if (id == 0)
    {
      stats->id = insert_debtor (w, r, error);
      stats->created = TRUE;
      stats->tax_id_unverified = !r->has_tax_id && r->unverified_tax_id != NULL;
      g_strlcpy (stats->currency, r->currency, sizeof stats->currency);
      if (stats->id == 0)
        {
          g_free (stats);
          return NULL;
        }
    }
  else
    {
      stats->id = id;
      w->count_summaries = FALSE;
      if (!count_existing_invoices (w, stats, error) ||
          !update_debtor (w, stats, r, by_tax_id, error))
        {
          g_free (stats);
          return NULL;
        }
    }
  stats->slot = w->stats_order->len;
  g_hash_table_insert (w->stats, &stats->id, stats);
  g_ptr_array_add (w->stats_order, stats);
  return stats;
}

/* Pass 1: every row's customer, found or created. Rows that repeat the
 * customer cells of an earlier row (one row per invoice) take its customer
 * without being looked at again. */
gboolean
_cbz_import_writer_write_customers (CbzImportWriter  *w,
                                    CbzCsvImport     *import,
                                    GCancellable     *cancellable,
                                    GError          **error)
{
  guint n_rows = cbz_csv_import_get_n_rows (import);
  CbzImportRecord record;
  gboolean ok = TRUE;

  cbz_import_record_init (&record);
  for (guint i = 0; i < n_rows && ok; i++)
    {
      CbzImportDebtor *stats;
      guint first;

      if (i % 16384 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (!cbz_csv_import_row_is_valid (import, i))
        continue;

      first = cbz_csv_import_get_customer_row (import, i);
      if (first != i)
        {
          g_assert (first < i && w->row_stats[first] != NULL);
          w->row_stats[i] = w->row_stats[first];
          continue;
        }

      if (!cbz_csv_import_get_record_parts (import, i, CBZ_IMPORT_RECORD_CUSTOMER, &record))
        continue;
      stats = match_debtor (w, &record, error);
      ok = stats != NULL && add_tags (w, stats, &record, error);
      if (ok)
        w->row_stats[i] = stats;
    }
  cbz_import_record_clear (&record);
  return ok;
}
