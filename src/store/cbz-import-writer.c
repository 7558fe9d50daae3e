/* cbz-import-writer.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-import-writer-private.h"

typedef struct
{
  CbzCsvImport  *import;
  CbzImportMode  mode;
} CommitData;

G_DEFINE_BOXED_TYPE (CbzImportSummary, cbz_import_summary,
                     cbz_import_summary_copy, cbz_import_summary_free)

/* For strings that outlive the statement's next step (record fields, local
 * buffers): no copy. */
void
_cbz_import_writer_bind_static (sqlite3_stmt *stmt,
                                int           index,
                                const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

const char *
_cbz_import_writer_empty_to_null (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

gboolean
_cbz_import_writer_step_done (CbzImportWriter  *w,
                              sqlite3_stmt     *stmt,
                              const char       *sql,
                              GError          **error)
{
  return _cbz_store_step_done (w->store, stmt, sql, error);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* The same row cbz_store_add_event() writes for an internal event with no
 * invoice links (channel, delivery state, message id and attachment NULL;
 * internal is not contact, so last_contact_at stays), without a CbzEvent and
 * a savepoint per row: a first import writes one for every customer. */
static const char insert_event_sql[] =
  "INSERT INTO events (debtor_id, occurred_at, kind, direction, summary, body, data)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Counts up to this many have their sentence translated once per import. */
#define EVENT_COUNTS 64

typedef struct
{
  char       *summary;    /* the same for every customer of one import */
  GString    *file_json;  /* {"file":"NAME" */
  GString    *body;
  GString    *data;
  /* Translated once, not for each of 100,000 customers. */
  const char *new_customer;
  const char *updated_customer;
  char       *created[EVENT_COUNTS];     /* "3 new invoices\n" for 3 */
  char       *updated[EVENT_COUNTS];
  char       *unchanged[EVENT_COUNTS];
} EventText;

static void
event_text_init (EventText  *text,
                 const char *file_name)
{
  /* Translators: a timeline entry; %s is the CSV file's name. */
  text->summary = g_strdup_printf (_("Imported from “%s”"), file_name);
  text->file_json = g_string_new ("{\"file\":");
  append_json_string (text->file_json, file_name);
  text->body = g_string_new (NULL);
  text->data = g_string_new (NULL);
  text->new_customer = _("New customer");
  text->updated_customer = _("Contact details updated");
}

static void
event_text_clear (EventText *text)
{
  g_clear_pointer (&text->summary, g_free);
  if (text->file_json != NULL)
    g_string_free (g_steal_pointer (&text->file_json), TRUE);
  if (text->body != NULL)
    g_string_free (g_steal_pointer (&text->body), TRUE);
  if (text->data != NULL)
    g_string_free (g_steal_pointer (&text->data), TRUE);
  for (guint n = 0; n < EVENT_COUNTS; n++)
    {
      g_clear_pointer (&text->created[n], g_free);
      g_clear_pointer (&text->updated[n], g_free);
      g_clear_pointer (&text->unchanged[n], g_free);
    }
}

/* Appends @line, the sentence for @n, and keeps it for the next customer
 * with @n. */
static void
append_line (GString  *body,
             char    **cache,
             guint     n,
             char     *line)
{
  g_string_append (body, line);
  if (n < EVENT_COUNTS)
    cache[n] = line;
  else
    g_free (line);
}

static void
append_uint (GString *out,
             guint    n)
{
  char digits[16];
  int i = sizeof digits;

  do
    digits[--i] = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  g_string_append_len (out, digits + i, sizeof digits - i);
}

static gboolean
record_event (CbzImportWriter  *w,
              CbzImportDebtor  *stats,
              EventText        *text,
              GError          **error)
{
  GString *body = text->body;
  GString *data = text->data;
  sqlite3_stmt *stmt;
  guint n;

  g_string_truncate (body, 0);
  if (stats->created)
    {
      g_string_append (body, text->new_customer);
      g_string_append_c (body, '\n');
    }
  else if (stats->fields_changed)
    {
      g_string_append (body, text->updated_customer);
      g_string_append_c (body, '\n');
    }
  if ((n = stats->invoices_created) > 0)
    {
      if (n < EVENT_COUNTS && text->created[n] != NULL)
        g_string_append (body, text->created[n]);
      else
        append_line (body, text->created, n,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new invoice\n", "%u new invoices\n", n), n));
    }
  if ((n = stats->invoices_updated) > 0)
    {
      if (n < EVENT_COUNTS && text->updated[n] != NULL)
        g_string_append (body, text->updated[n]);
      else
        append_line (body, text->updated, n,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice updated\n", "%u invoices updated\n", n), n));
    }
  if ((n = stats->invoices_unchanged) > 0)
    {
      if (n < EVENT_COUNTS && text->unchanged[n] != NULL)
        g_string_append (body, text->unchanged[n]);
      else
        append_line (body, text->unchanged, n,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice unchanged\n", "%u invoices unchanged\n", n), n));
    }
  if (body->len > 0 && body->str[body->len - 1] == '\n')
    g_string_truncate (body, body->len - 1);

  g_string_truncate (data, 0);
  g_string_append_len (data, text->file_json->str, text->file_json->len);
  g_string_append (data, stats->created ? ",\"customer_created\":true" : ",\"customer_created\":false");
  g_string_append (data, stats->fields_changed ? ",\"customer_updated\":true" : ",\"customer_updated\":false");
  g_string_append (data, ",\"invoices_created\":");
  append_uint (data, stats->invoices_created);
  g_string_append (data, ",\"invoices_updated\":");
  append_uint (data, stats->invoices_updated);
  g_string_append (data, ",\"invoices_unchanged\":");
  append_uint (data, stats->invoices_unchanged);
  g_string_append_c (data, '}');

  stmt = w->insert_event;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  sqlite3_bind_int64 (stmt, 2, w->now);
  _cbz_import_writer_bind_static (stmt, 3, cbz_event_kind_to_string (CBZ_EVENT_KIND_IMPORT));
  _cbz_import_writer_bind_static (stmt, 4, cbz_event_direction_to_string (CBZ_EVENT_DIRECTION_INTERNAL));
  _cbz_import_writer_bind_static (stmt, 5, text->summary);
  _cbz_import_writer_bind_static (stmt, 6, body->str);
  _cbz_import_writer_bind_static (stmt, 7, data->str);
  return _cbz_import_writer_step_done (w, stmt, insert_event_sql, error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EventText, event_text_clear)

static void
writer_clear (CbzImportWriter *w)
{
  if (w->foreign_keys_off)
    {
      sqlite3_db_config (w->db, SQLITE_DBCONFIG_ENABLE_FKEY, w->foreign_keys, NULL);
      w->foreign_keys_off = FALSE;
    }
  g_clear_pointer (&w->by_tax_id, g_hash_table_unref);
  g_clear_pointer (&w->by_name_key, g_hash_table_unref);
  g_clear_pointer (&w->has_tax_id, g_hash_table_unref);
  g_clear_pointer (&w->stats, g_hash_table_unref);
  g_clear_pointer (&w->stats_order, g_ptr_array_unref);
  /* Its thread reads the arrays below. */
  g_clear_pointer (&w->search, _cbz_search_builder_free);
  g_clear_pointer (&w->row_stats, g_free);
  g_clear_pointer (&w->order, g_free);
  g_clear_pointer (&w->group_start, g_free);
  g_clear_pointer (&w->invoices, g_free);
  g_clear_pointer (&w->position_stats, g_free);
  g_clear_pointer (&w->texts, g_string_chunk_free);
}

gboolean
_cbz_import_writer_query_int64 (CbzImportWriter  *w,
                                const char       *sql,
                                gint64           *value,
                                GError          **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cbz_store_set_error (w->store, error, sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/*
 * A big import into a small table: updating the secondary indexes row by
 * row costs a random B-tree descent per index per row, building them
 * afterwards is one sort. Drop them inside the transaction and create them
 * again, from their own definitions, before it commits. Constraint indexes
 * stay (for invoices the unique (debtor, number): the upsert needs it).
 */
GPtrArray *
_cbz_import_writer_drop_secondary_indexes (CbzImportWriter  *w,
                                           const char       *table,
                                           const char       *keep_led_by,
                                           GError          **error)
{
  /* Indexes led by @keep_led_by grow at their end when rows arrive in that
   * order: only the others are worth rebuilding. Constraint indexes (no
   * sql) stay. */
  static const char sql[] =
    "SELECT m.name, m.sql FROM sqlite_master m"
    " WHERE m.type = 'index' AND m.tbl_name = ?1 AND m.sql IS NOT NULL"
    " AND (SELECT i.name FROM pragma_index_info (m.name) i WHERE i.seqno = 0) IS NOT ?2";
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, table);
  _cbz_bind_text (stmt, 2, keep_led_by);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, _cbz_column_dup (stmt, 0));
      g_ptr_array_add (definitions, _cbz_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (w->store, error, sql);
      return NULL;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("DROP INDEX \"%s\"", (char *) g_ptr_array_index (names, i));

      if (!_cbz_store_exec (w->store, quoted, error))
        return NULL;
    }
  return g_steal_pointer (&definitions);
}

gboolean
_cbz_import_writer_create_indexes (CbzImportWriter  *w,
                                   GPtrArray        *definitions,
                                   GError          **error)
{
  for (guint i = 0; i < definitions->len; i++)
    {
      if (!_cbz_store_exec (w->store, g_ptr_array_index (definitions, i), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_rows (CbzImportWriter   *w,
            CbzCsvImport      *import,
            CbzImportSummary  *summary,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GArray) affected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(EventText) event_text = { 0 };
  g_autoptr(GPtrArray) debtor_indexes = NULL;
  guint n_rows = cbz_csv_import_get_n_rows (import);

  w->row_stats = g_new0 (CbzImportDebtor *, MAX (n_rows, 1));

  w->insert_event = _cbz_store_prepare (w->store, insert_event_sql, error);
  if (w->insert_event == NULL ||
      !_cbz_import_writer_prepare_customers (w, error) ||
      !_cbz_import_writer_prepare_invoices (w, error))
    return FALSE;

  if (!_cbz_import_writer_load_debtors (w, error))
    return FALSE;
  /* Into an empty portfolio, every row this import writes (tags, invoices,
   * events, summaries) refers to a customer it has just inserted, by the id
   * sqlite gave it: looking each one up again was a tenth of the work.
   * Unlike PRAGMA foreign_keys, this setting works inside the transaction;
   * writer_clear() puts it back before the commit. */
  if (!w->had_debtors)
    {
      sqlite3_db_config (w->db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &w->foreign_keys);
      sqlite3_db_config (w->db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL);
      w->foreign_keys_off = TRUE;
    }
  w->count_summaries = !w->had_debtors &&
                       cbz_date_from_iso (cbz_store_get_today (w->store), &w->today);
  /* A first big import gives every customer a new row: the customers'
   * indexes are one sort afterwards instead of 100,000 inserts at random
   * places (the writer looks customers up in its own tables meanwhile; the
   * unique tax ID index comes back, and would refuse a duplicate, before
   * anything else reads the customers). */
  if (!w->had_debtors && cbz_csv_import_get_n_valid_rows (import) >= BULK_ROWS)
    {
      debtor_indexes = _cbz_import_writer_drop_secondary_indexes (w, "debtors", NULL, error);
      if (debtor_indexes == NULL)
        return FALSE;
    }
  /* Every customer will be new and counted: the search index can be built
   * beside the writing (cbz-search-builder.c). */
  if (w->count_summaries && cbz_csv_import_get_n_valid_rows (import) >= BULK_ROWS)
    {
      g_autofree char *table_sql = NULL;
      sqlite3_stmt *stmt = _cbz_store_prepare (w->store,
                                               "SELECT sql FROM sqlite_master WHERE name = 'debtor_search'",
                                               error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        table_sql = _cbz_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (table_sql != NULL)
        w->search = _cbz_search_builder_new (table_sql);
    }
  if (!_cbz_import_writer_write_customers (w, import, cancellable, error) ||
      (debtor_indexes != NULL && !_cbz_import_writer_create_indexes (w, debtor_indexes, error)))
    return FALSE;
  _cbz_import_writer_group_rows (w, import);
  if (w->search != NULL)
    _cbz_search_builder_start (w->search, w->invoices, w->group_start, w->stats_order->len);
  g_debug ("import: customers written in %.3f s", (g_get_monotonic_time () - w->started) / 1e6);
  if (!_cbz_import_writer_write_invoices (w, import, summary, cancellable, error))
    return FALSE;
  g_debug ("import: invoices written at %.3f s", (g_get_monotonic_time () - w->started) / 1e6);

  event_text_init (&event_text, cbz_csv_import_get_display_name (import));
  for (guint i = 0; i < w->stats_order->len; i++)
    {
      CbzImportDebtor *stats = g_ptr_array_index (w->stats_order, i);
      guint matched = stats->invoices_updated + stats->invoices_unchanged;

      summary->invoices_created += stats->invoices_created;
      summary->invoices_updated += stats->invoices_updated;
      summary->invoices_unchanged += stats->invoices_unchanged;
      if (stats->existing_invoices > matched)
        summary->invoices_not_in_file += stats->existing_invoices - matched;

      summary->tax_ids_unverified += stats->tax_id_unverified;
      if (stats->created)
        summary->customers_created++;
      else if (stats->fields_changed)
        summary->customers_updated++;
      else
        summary->customers_unchanged++;

      if (!stats->created && !stats->fields_changed &&
          stats->invoices_created == 0 && stats->invoices_updated == 0)
        continue;
      if (!record_event (w, stats, &event_text, error))
        return FALSE;
      g_array_append_val (affected, stats->id);
    }
  g_debug ("import: events written at %.3f s", (g_get_monotonic_time () - w->started) / 1e6);

  if (affected->len == 0)
    return TRUE;
  if (w->count_summaries)
    {
      g_autoptr(GPtrArray) summary_indexes = NULL;

      /* The same for the summaries' six sort indexes. */
      if (affected->len >= BULK_ROWS / 10)
        {
          summary_indexes = _cbz_import_writer_drop_secondary_indexes (w, "debtor_summaries", NULL, error);
          if (summary_indexes == NULL)
            return FALSE;
        }
      return _cbz_import_writer_write_counted_summaries (w, error) &&
             (summary_indexes == NULL || _cbz_import_writer_create_indexes (w, summary_indexes, error));
    }
  /* A first import into an empty portfolio touches everyone: one pass over
   * all debtors is cheaper than a list of every id. */
  if (!w->had_debtors)
    return cbz_store_refresh_summaries (w->store, NULL, 0, error);
  return cbz_store_refresh_summaries (w->store, (const gint64 *) affected->data, affected->len, error);
}

static void
commit_data_free (CommitData *data)
{
  g_clear_object (&data->import);
  g_free (data);
}

static gboolean
commit_work (CbzStore      *worker,
             gpointer       user_data,
             gpointer      *out_result,
             GCancellable  *cancellable,
             GError       **error)
{
  CommitData *data = user_data;

  *out_result = cbz_import_writer_run (worker, data->import, data->mode, FALSE, cancellable, error);
  return *out_result != NULL;
}

static GPtrArray *
copy_problems (GPtrArray *problems)
{
  GPtrArray *copy;

  if (problems == NULL)
    return NULL;
  copy = g_ptr_array_new_full (problems->len, (GDestroyNotify) cbz_import_problem_free);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (copy, cbz_import_problem_copy (g_ptr_array_index (problems, i)));
  return copy;
}

CbzImportSummary *
cbz_import_summary_copy (const CbzImportSummary *summary)
{
  CbzImportSummary *copy;

  g_return_val_if_fail (summary != NULL, NULL);

  copy = g_new (CbzImportSummary, 1);
  *copy = *summary;
  copy->skipped = copy_problems (summary->skipped);
  copy->warnings = copy_problems (summary->warnings);
  return copy;
}

void
cbz_import_summary_free (CbzImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->skipped, g_ptr_array_unref);
  g_clear_pointer (&summary->warnings, g_ptr_array_unref);
  g_free (summary);
}

CbzImportSummary *
cbz_import_writer_run (CbzStore       *store,
                       CbzCsvImport   *import,
                       CbzImportMode   mode,
                       gboolean        dry_run,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(CbzImportSummary) summary = NULL;
  GPtrArray *problems;
  CbzImportWriter w = { 0 };
  gboolean bulk;
  gboolean ok;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (import), NULL);

  if (!cbz_csv_import_is_validated (import))
    {
      g_set_error_literal (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_NOT_VALIDATED,
                           _("The file has not been checked yet"));
      return NULL;
    }

  problems = cbz_csv_import_get_problems (import);
  if (cbz_csv_import_has_file_problems (import))
    {
      const CbzImportProblem *first = g_ptr_array_index (problems, 0);

      g_set_error_literal (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_MISSING_COLUMN, first->message);
      return NULL;
    }
  if (mode == CBZ_IMPORT_MODE_ALL_OR_NOTHING && cbz_csv_import_get_n_invalid_rows (import) > 0)
    {
      guint n = cbz_csv_import_get_n_invalid_rows (import);

      g_set_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_HAS_PROBLEMS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row has problems, so nothing was imported",
                                "%u rows have problems, so nothing was imported", n),
                   n);
      return NULL;
    }

  summary = g_new0 (CbzImportSummary, 1);
  summary->dry_run = dry_run;
  summary->rows_skipped = cbz_csv_import_get_n_invalid_rows (import);
  summary->rows_blank = cbz_csv_import_get_n_blank_rows (import);
  summary->n_warnings = cbz_csv_import_get_n_warnings (import);
  summary->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  summary->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  for (guint i = 0; i < problems->len; i++)
    {
      const CbzImportProblem *problem = g_ptr_array_index (problems, i);

      g_ptr_array_add (problem->warning ? summary->warnings : summary->skipped, cbz_import_problem_copy (problem));
    }

  w.store = store;
  w.db = cbz_store_get_handle (store);
  w.now = cbz_store_now ();
  w.started = g_get_monotonic_time ();
  w.by_tax_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.by_name_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.has_tax_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  w.stats = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  w.stats_order = g_ptr_array_new ();

  /* A big import touches every page of the invoice indexes: let them stay
   * in memory for the length of the transaction (256 MiB at most). */
  _cbz_store_exec (store, "PRAGMA cache_size = -1048576", NULL);

  /* Only worth leaving WAL (a checkpoint and two header writes) for a big
   * import, and never for a dry run, which writes nothing. */
  bulk = !dry_run && cbz_csv_import_get_n_valid_rows (import) >= BULK_ROWS &&
         _cbz_store_begin_bulk_write (store);

  if (!cbz_store_begin (store, error))
    {
      if (bulk)
        _cbz_store_end_bulk_write (store);
      writer_clear (&w);
      return NULL;
    }
  ok = write_rows (&w, import, summary, cancellable, error);
  g_debug ("import: summaries refreshed at %.3f s", (g_get_monotonic_time () - w.started) / 1e6);
  writer_clear (&w);

  if (ok && dry_run)
    cbz_store_rollback (store);
  else if (!ok || !cbz_store_commit (store, error))
    {
      cbz_store_rollback (store);
      ok = FALSE;
    }
  else
    {
      g_debug ("import: committed at %.3f s", (g_get_monotonic_time () - w.started) / 1e6);
      if (w.search_copied)
        _cbz_store_reload_search (store);
    }
  if (bulk)
    _cbz_store_end_bulk_write (store);
  _cbz_store_exec (store, "PRAGMA cache_size = -2000", NULL);
  return ok ? g_steal_pointer (&summary) : NULL;
}

void
cbz_import_writer_commit_async (CbzStore            *store,
                                CbzCsvImport        *import,
                                CbzImportMode        mode,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CommitData *data;

  g_return_if_fail (CBZ_IS_STORE (store));
  g_return_if_fail (CBZ_IS_CSV_IMPORT (import));

  data = g_new0 (CommitData, 1);
  data->import = g_object_ref (import);
  data->mode = mode;
  cbz_store_run_async (store, commit_work, data, (GDestroyNotify) commit_data_free,
                       (GDestroyNotify) cbz_import_summary_free, cancellable, callback, user_data);
}

CbzImportSummary *
cbz_import_writer_commit_finish (CbzStore      *store,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  CbzImportSummary *summary = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  if (!cbz_store_run_finish (store, result, (gpointer *) &summary, error))
    return NULL;
  return summary;
}
