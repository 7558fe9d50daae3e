/* cbz-import-writer.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-import-writer.h"
#include "cbz-search-builder-private.h"
#include "cbz-store-private.h"

/* What happened to one customer in this import. */
typedef struct
{
  gint64   id;
  gboolean created;
  gboolean fields_changed;
  guint    existing_invoices;
  guint    invoices_created;
  guint    invoices_updated;
  guint    invoices_unchanged;
  /* Its summary, counted as its invoices are written (Writer.count_summaries). */
  char     currency[4];
  gboolean other_currencies;
  gint64   open_count;
  gint64   open_balance;
  gint64   overdue_balance;
  CbzDate  oldest_due_date;
} DebtorStats;

typedef struct
{
  CbzStore      *store;
  sqlite3       *db;
  gint64         now;
  gint64         started;      /* monotonic, for the debug timings */
  GHashTable    *by_tax_id;     /* normalised tax ID -> id */
  GHashTable    *by_name_key;   /* name key -> id (the oldest such customer) */
  GHashTable    *has_tax_id;    /* set of ids */
  GHashTable    *stats;         /* id -> DebtorStats */
  GPtrArray     *stats_order;   /* DebtorStats in the order first met */
  gboolean       had_debtors;
  /* Into a portfolio with no debtors, every invoice written is counted into
   * its debtor's summary as it goes (see count_invoice); anything but a
   * plain insert turns this off and the summaries are computed in SQL. */
  gboolean       count_summaries;
  CbzDate        today;
  sqlite3_stmt  *insert_invoice;  /* prepared once: a million rows share them */
  sqlite3_stmt  *select_invoice;
  sqlite3_stmt  *insert_batch;
  GArray        *batch;           /* BatchRow */
  /* A first big import's search index, built on a second thread. */
  CbzSearchBuilder *search;
  gboolean       search_copied;   /* into the portfolio's debtor_search */
  gint64        *row_debtor;      /* each row's debtor, 0 when not written */
} Writer;

typedef struct
{
  char          *path;
  CbzCsvImport  *import;
  CbzImportMode  mode;
} CommitData;

/* New customers' invoices go in BATCH_ROWS to a statement: a multi-row
 * INSERT pays sqlite's per-statement cost once for all of them. */
#define BATCH_ROWS 32

/* From this many rows on an import is written with a rollback journal when
 * it can be (see _cbz_store_begin_bulk_write). */
#define BULK_ROWS 10000

typedef struct
{
  DebtorStats     *stats;
  CbzImportRecord  record;   /* the invoice fields; strings point into the import */
  char             issue[CBZ_DATE_ISO_LENGTH];
  char             due[CBZ_DATE_ISO_LENGTH];
} BatchRow;

G_DEFINE_BOXED_TYPE (CbzImportSummary, cbz_import_summary,
                     cbz_import_summary_copy, cbz_import_summary_free)

static const char insert_debtor_sql[] =
  "INSERT INTO debtors (name, name_key, tax_id, tax_id_kind, contact_person, phone, mobile,"
  " whatsapp, email, address, city, region, postal_code, country, language, currency,"
  " created_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, COALESCE (?15, 'es'), ?16, ?17, ?17)";
static const char select_debtor_sql[] =
  "SELECT name, tax_id, contact_person, phone, mobile, whatsapp, email, address, city, region,"
  " postal_code, country, language FROM debtors WHERE id = ?1";
static const char update_debtor_sql[] =
  "UPDATE debtors SET name = COALESCE (?2, name), name_key = COALESCE (?3, name_key),"
  " tax_id = COALESCE (?4, tax_id), tax_id_kind = COALESCE (?5, tax_id_kind),"
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
static const char select_invoice_sql[] =
  "SELECT id, issue_date, due_date, currency, amount, balance, status, description"
  " FROM invoices WHERE debtor_id = ?1 AND number = ?2";
static const char insert_invoice_sql[] =
  "INSERT INTO invoices (debtor_id, number, issue_date, due_date, currency, amount, balance,"
  " status, description, created_at, updated_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
static const char update_invoice_sql[] =
  "UPDATE invoices SET issue_date = COALESCE (?2, issue_date), due_date = ?3, currency = ?4,"
  " amount = ?5, balance = ?6, status = ?7, description = COALESCE (?8, description),"
  " updated_at = ?9 WHERE id = ?1";

/* For strings that outlive the statement's next step (record fields, local
 * buffers): no copy. */
static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static const char *
empty_to_null (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static const char *
record_email (const CbzImportRecord *record)
{
  return record->email->len > 0 ? record->email->str : NULL;
}

static gboolean
step_done (Writer        *w,
           sqlite3_stmt  *stmt,
           const char    *sql,
           GError       **error)
{
  return _cbz_store_step_done (w->store, stmt, sql, error);
}

static gboolean
load_debtors (Writer  *w,
              GError **error)
{
  static const char sql[] = "SELECT id, tax_id, name_key FROM debtors ORDER BY id";
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *tax_id = (const char *) sqlite3_column_text (stmt, 1);
      const char *name_key = (const char *) sqlite3_column_text (stmt, 2);

      w->had_debtors = TRUE;
      if (tax_id != NULL)
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

static gint64
insert_debtor (Writer                *w,
               const CbzImportRecord *r,
               GError               **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, insert_debtor_sql, error);
  gint64 id;

  if (stmt == NULL)
    return 0;
  _cbz_bind_text (stmt, 1, r->customer_name);
  _cbz_bind_text (stmt, 2, r->name_key->str);
  _cbz_bind_text (stmt, 3, r->has_tax_id ? r->tax_id.normalized : NULL);
  _cbz_bind_text (stmt, 4, r->has_tax_id ? cbz_tax_id_kind_to_string (r->tax_id.kind) : NULL);
  _cbz_bind_text (stmt, 5, r->contact);
  _cbz_bind_text (stmt, 6, empty_to_null (r->phone));
  _cbz_bind_text (stmt, 7, empty_to_null (r->mobile));
  _cbz_bind_text (stmt, 8, empty_to_null (r->whatsapp));
  _cbz_bind_text (stmt, 9, record_email (r));
  _cbz_bind_text (stmt, 10, r->address);
  _cbz_bind_text (stmt, 11, r->city);
  _cbz_bind_text (stmt, 12, r->region);
  _cbz_bind_text (stmt, 13, r->postal_code);
  _cbz_bind_text (stmt, 14, empty_to_null (r->country) != NULL ? r->country
                            : r->has_tax_id ? r->tax_id.country : NULL);
  _cbz_bind_text (stmt, 15, empty_to_null (r->language));
  _cbz_bind_text (stmt, 16, r->currency);
  sqlite3_bind_int64 (stmt, 17, w->now);
  if (!step_done (w, stmt, insert_debtor_sql, error))
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
    _cbz_search_builder_add_debtor (w->search, id, r->customer_name,
                                    r->has_tax_id ? r->tax_id.normalized : NULL);
  return id;
}

/* The file's value when it has one and it differs from the stored one. */
static const char *
changed (const char *file_value,
         const char *stored)
{
  file_value = empty_to_null (file_value);
  if (file_value == NULL || g_strcmp0 (file_value, stored) == 0)
    return NULL;
  return file_value;
}

/* Brings a known customer's data up to date with the file (first row of the
 * customer wins; empty cells keep what is stored). */
static gboolean
update_debtor (Writer                *w,
               DebtorStats           *stats,
               const CbzImportRecord *r,
               gboolean               matched_by_tax_id,
               GError               **error)
{
  sqlite3_stmt *stmt = _cbz_store_prepare (w->store, select_debtor_sql, error);
  const char *values[16] = { NULL };
  gboolean any = FALSE;
  g_autoptr(GPtrArray) stored_values = g_ptr_array_new_with_free_func (g_free);
  const char *stored[13];

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cbz_store_set_error (w->store, error, select_debtor_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  for (int i = 0; i < 13; i++)
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
  if (r->has_tax_id && stored[1] == NULL)
    {
      values[4] = r->tax_id.normalized;
      values[5] = cbz_tax_id_kind_to_string (r->tax_id.kind);
      g_hash_table_insert (w->by_tax_id, g_strdup (r->tax_id.normalized), g_memdup2 (&stats->id, sizeof stats->id));
      g_hash_table_add (w->has_tax_id, g_memdup2 (&stats->id, sizeof stats->id));
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
  if (!step_done (w, stmt, update_debtor_sql, error))
    return FALSE;
  stats->fields_changed = TRUE;
  return TRUE;
}

static gboolean
add_tags (Writer                *w,
          DebtorStats           *stats,
          const CbzImportRecord *r,
          GError               **error)
{
  g_auto(GStrv) tags = NULL;

  if (r->tags == NULL)
    return TRUE;
  tags = cbz_import_record_split_tags (r);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = _cbz_store_prepare (w->store, insert_tag_sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, stats->id);
      _cbz_bind_text (stmt, 2, tags[i]);
      if (!step_done (w, stmt, insert_tag_sql, error))
        return FALSE;
      if (sqlite3_changes (w->db) > 0 && !stats->created)
        stats->fields_changed = TRUE;
    }
  return TRUE;
}

static gboolean
count_existing_invoices (Writer       *w,
                         DebtorStats  *stats,
                         GError      **error)
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

/* Finds (or creates) the record's customer and its stats. */
static DebtorStats *
match_debtor (Writer                *w,
              const CbzImportRecord *r,
              GError               **error)
{
  gboolean by_tax_id = FALSE;
  DebtorStats *stats;
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
    return stats;

  stats = g_new0 (DebtorStats, 1);
  if (id == 0)
    {
      stats->id = insert_debtor (w, r, error);
      stats->created = TRUE;
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
  g_hash_table_insert (w->stats, &stats->id, stats);
  g_ptr_array_add (w->stats_order, stats);
  return stats;
}

/* What summary_all_sql in cbz-store-summaries.c computes, one invoice at a
 * time: open means a positive balance and status open, partially paid or
 * disputed; money in the debtor's currency only; the oldest due date and
 * the count over every currency. */
static void
count_invoice (Writer           *w,
               DebtorStats      *stats,
               CbzInvoiceStatus  status,
               gint64            balance,
               const char       *currency,
               CbzDate           due_date)
{
  const char *nick = cbz_invoice_status_to_string (status);

  if (!w->count_summaries || balance <= 0 ||
      !(g_str_equal (nick, "open") || g_str_equal (nick, "partially-paid") || g_str_equal (nick, "disputed")))
    return;

  stats->open_count++;
  if (!cbz_date_is_set (stats->oldest_due_date) || cbz_date_compare (due_date, stats->oldest_due_date) < 0)
    stats->oldest_due_date = due_date;
  if (strcmp (currency, stats->currency) != 0)
    {
      stats->other_currencies = TRUE;
      return;
    }
  /* sqlite's SUM fails on overflow: let it say so. */
  if (__builtin_add_overflow (stats->open_balance, balance, &stats->open_balance))
    w->count_summaries = FALSE;
  if (cbz_date_compare (due_date, w->today) < 0 &&
      __builtin_add_overflow (stats->overdue_balance, balance, &stats->overdue_balance))
    w->count_summaries = FALSE;
}

static gboolean
insert_invoice (Writer                *w,
                gint64                 debtor_id,
                const CbzImportRecord *r,
                gboolean              *inserted,
                GError               **error)
{
  sqlite3_stmt *stmt = w->insert_invoice;
  char issue[CBZ_DATE_ISO_LENGTH];
  char due[CBZ_DATE_ISO_LENGTH];
  int rc;

  sqlite3_bind_int64 (stmt, 1, debtor_id);
  bind_static (stmt, 2, r->invoice_number);
  bind_static (stmt, 3, cbz_date_is_set (r->issue_date) ? cbz_date_to_iso (r->issue_date, issue) : NULL);
  bind_static (stmt, 4, cbz_date_to_iso (r->due_date, due));
  bind_static (stmt, 5, r->currency);
  sqlite3_bind_int64 (stmt, 6, r->amount);
  sqlite3_bind_int64 (stmt, 7, r->balance);
  bind_static (stmt, 8, cbz_invoice_status_to_string (r->status));
  bind_static (stmt, 9, r->description);
  sqlite3_bind_int64 (stmt, 10, w->now);

  /* A plain INSERT (an upsert clause costs a third more per row); the rare
   * collision, two spellings of one customer with the same invoice number,
   * comes back as a constraint failure and is handled as an update. */
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT)
    rc = sqlite3_extended_errcode (w->db);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      *inserted = FALSE;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (w->store, error, insert_invoice_sql);
      return FALSE;
    }
  *inserted = TRUE;
  return TRUE;
}

static gboolean
upsert_invoice (Writer                *w,
                DebtorStats           *stats,
                const CbzImportRecord *r,
                GError               **error)
{
  sqlite3_stmt *stmt;
  char issue[CBZ_DATE_ISO_LENGTH];
  char due[CBZ_DATE_ISO_LENGTH];
  const char *status = cbz_invoice_status_to_string (r->status);
  gboolean inserted = FALSE;
  gint64 invoice_id;
  gboolean same;

  /* A customer created by this import has only the invoices this import
   * gave it: insert straight away, and look only if that collides. */
  if (stats->created)
    {
      if (!insert_invoice (w, stats->id, r, &inserted, error))
        return FALSE;
      if (inserted)
        {
          stats->invoices_created++;
          count_invoice (w, stats, r->status, r->balance, r->currency, r->due_date);
          return TRUE;
        }
    }

  stmt = w->select_invoice;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  bind_static (stmt, 2, r->invoice_number);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_DONE:
      sqlite3_reset (stmt);
      if (!insert_invoice (w, stats->id, r, &inserted, error))
        return FALSE;
      stats->invoices_created++;
      count_invoice (w, stats, r->status, r->balance, r->currency, r->due_date);
      return TRUE;
    case SQLITE_ROW:
      break;
    default:
      _cbz_store_set_error (w->store, error, select_invoice_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }

  if (cbz_date_is_set (r->issue_date))
    cbz_date_to_iso (r->issue_date, issue);
  cbz_date_to_iso (r->due_date, due);
  invoice_id = sqlite3_column_int64 (stmt, 0);
  same = (!cbz_date_is_set (r->issue_date) ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), issue) == 0) &&
         g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), due) == 0 &&
         g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), r->currency) == 0 &&
         sqlite3_column_int64 (stmt, 4) == r->amount &&
         sqlite3_column_int64 (stmt, 5) == r->balance &&
         g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), status) == 0 &&
         (r->description == NULL ||
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), r->description) == 0);
  sqlite3_reset (stmt);
  /* The invoice was already written: counting it again would be wrong. */
  w->count_summaries = FALSE;

  if (same)
    {
      stats->invoices_unchanged++;
      return TRUE;
    }

  stmt = _cbz_store_prepare (w->store, update_invoice_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invoice_id);
  _cbz_bind_text (stmt, 2, cbz_date_is_set (r->issue_date) ? issue : NULL);
  _cbz_bind_text (stmt, 3, due);
  _cbz_bind_text (stmt, 4, r->currency);
  sqlite3_bind_int64 (stmt, 5, r->amount);
  sqlite3_bind_int64 (stmt, 6, r->balance);
  _cbz_bind_text (stmt, 7, status);
  _cbz_bind_text (stmt, 8, r->description);
  sqlite3_bind_int64 (stmt, 9, w->now);
  if (!step_done (w, stmt, update_invoice_sql, error))
    return FALSE;
  stats->invoices_updated++;
  return TRUE;
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

typedef struct
{
  char    *summary;    /* the same for every customer of one import */
  GString *file_json;  /* {"file":"NAME" */
  GString *body;
  GString *data;
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
}

static gboolean
record_event (Writer       *w,
              DebtorStats  *stats,
              EventText    *text,
              GError      **error)
{
  GString *body = text->body;
  GString *data = text->data;
  sqlite3_stmt *stmt;

  g_string_truncate (body, 0);
  if (stats->created)
    g_string_append_printf (body, "%s\n", _("New customer"));
  else if (stats->fields_changed)
    g_string_append_printf (body, "%s\n", _("Contact details updated"));
  if (stats->invoices_created > 0)
    g_string_append_printf (body,
                            g_dngettext (GETTEXT_PACKAGE, "%u new invoice\n", "%u new invoices\n",
                                         stats->invoices_created),
                            stats->invoices_created);
  if (stats->invoices_updated > 0)
    g_string_append_printf (body,
                            g_dngettext (GETTEXT_PACKAGE, "%u invoice updated\n", "%u invoices updated\n",
                                         stats->invoices_updated),
                            stats->invoices_updated);
  if (stats->invoices_unchanged > 0)
    g_string_append_printf (body,
                            g_dngettext (GETTEXT_PACKAGE, "%u invoice unchanged\n", "%u invoices unchanged\n",
                                         stats->invoices_unchanged),
                            stats->invoices_unchanged);
  if (body->len > 0 && body->str[body->len - 1] == '\n')
    g_string_truncate (body, body->len - 1);

  g_string_truncate (data, 0);
  g_string_append_len (data, text->file_json->str, text->file_json->len);
  g_string_append_printf (data,
                          ",\"customer_created\":%s,\"customer_updated\":%s,"
                          "\"invoices_created\":%u,\"invoices_updated\":%u,\"invoices_unchanged\":%u}",
                          stats->created ? "true" : "false",
                          stats->fields_changed ? "true" : "false",
                          stats->invoices_created, stats->invoices_updated, stats->invoices_unchanged);

  stmt = _cbz_store_prepare (w->store, insert_event_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stats->id);
  sqlite3_bind_int64 (stmt, 2, w->now);
  bind_static (stmt, 3, cbz_event_kind_to_string (CBZ_EVENT_KIND_IMPORT));
  bind_static (stmt, 4, cbz_event_direction_to_string (CBZ_EVENT_DIRECTION_INTERNAL));
  bind_static (stmt, 5, text->summary);
  bind_static (stmt, 6, body->str);
  bind_static (stmt, 7, data->str);
  return step_done (w, stmt, insert_event_sql, error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EventText, event_text_clear)

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->by_tax_id, g_hash_table_unref);
  g_clear_pointer (&w->by_name_key, g_hash_table_unref);
  g_clear_pointer (&w->has_tax_id, g_hash_table_unref);
  g_clear_pointer (&w->stats, g_hash_table_unref);
  g_clear_pointer (&w->stats_order, g_ptr_array_unref);
  g_clear_pointer (&w->batch, g_array_unref);
  g_clear_pointer (&w->search, _cbz_search_builder_free);
  g_clear_pointer (&w->row_debtor, g_free);
}

typedef struct
{
  gint64 debtor_id;
  guint  index;
} RowOrder;

static int
compare_row_order_cb (const void *a,
                      const void *b)
{
  const RowOrder *x = a;
  const RowOrder *y = b;

  if (x->debtor_id != y->debtor_id)
    return x->debtor_id < y->debtor_id ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static gboolean
query_int64 (Writer      *w,
             const char  *sql,
             gint64      *value,
             GError     **error)
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
static GPtrArray *
drop_secondary_indexes (Writer      *w,
                        const char  *table,
                        const char  *keep_led_by,
                        GError     **error)
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

static gboolean
create_indexes (Writer     *w,
                GPtrArray  *definitions,
                GError    **error)
{
  for (guint i = 0; i < definitions->len; i++)
    {
      if (!_cbz_store_exec (w->store, g_ptr_array_index (definitions, i), error))
        return FALSE;
    }
  return TRUE;
}

/* Pass 1: every row's customer, found or created. Rows that repeat the
 * customer cells of an earlier row (one row per invoice) take its customer
 * without being looked at again. */
static gboolean
write_customers (Writer        *w,
                 CbzCsvImport  *import,
                 gint64        *row_debtor,
                 GCancellable  *cancellable,
                 GError       **error)
{
  guint n_rows = cbz_csv_import_get_n_rows (import);
  CbzImportRecord record;
  gboolean ok = TRUE;

  cbz_import_record_init (&record);
  for (guint i = 0; i < n_rows && ok; i++)
    {
      DebtorStats *stats;
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
          g_assert (first < i && row_debtor[first] != 0);
          row_debtor[i] = row_debtor[first];
          continue;
        }

      if (!cbz_csv_import_get_record_parts (import, i, CBZ_IMPORT_RECORD_CUSTOMER, &record))
        continue;
      stats = match_debtor (w, &record, error);
      ok = stats != NULL && add_tags (w, stats, &record, error);
      if (ok)
        row_debtor[i] = stats->id;
    }
  cbz_import_record_clear (&record);
  return ok;
}

static char *
build_batch_sql (void)
{
  GString *sql = g_string_new ("INSERT INTO invoices (debtor_id, number, issue_date, due_date, currency,"
                               " amount, balance, status, description, created_at, updated_at) VALUES ");

  for (guint k = 0; k < BATCH_ROWS; k++)
    {
      guint p = k * 10;

      g_string_append_printf (sql, "%s(?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u, ?%u)",
                              k > 0 ? ", " : "", p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7,
                              p + 8, p + 9, p + 10, p + 10);
    }
  return g_string_free (sql, FALSE);
}

static gboolean
flush_batch (Writer  *w,
             GError **error)
{
  guint n = w->batch->len;

  if (n == BATCH_ROWS)
    {
      sqlite3_stmt *stmt = w->insert_batch;
      int rc;

      for (guint k = 0; k < n; k++)
        {
          const BatchRow *b = &g_array_index (w->batch, BatchRow, k);
          int p = k * 10;

          sqlite3_bind_int64 (stmt, p + 1, b->stats->id);
          bind_static (stmt, p + 2, b->record.invoice_number);
          bind_static (stmt, p + 3, b->issue[0] != '\0' ? b->issue : NULL);
          bind_static (stmt, p + 4, b->due);
          bind_static (stmt, p + 5, b->record.currency);
          sqlite3_bind_int64 (stmt, p + 6, b->record.amount);
          sqlite3_bind_int64 (stmt, p + 7, b->record.balance);
          bind_static (stmt, p + 8, cbz_invoice_status_to_string (b->record.status));
          bind_static (stmt, p + 9, b->record.description);
          sqlite3_bind_int64 (stmt, p + 10, w->now);
        }
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_CONSTRAINT)
        rc = sqlite3_extended_errcode (w->db);
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          for (guint k = 0; k < n; k++)
            {
              BatchRow *b = &g_array_index (w->batch, BatchRow, k);

              b->stats->invoices_created++;
              count_invoice (w, b->stats, b->record.status, b->record.balance,
                             b->record.currency, b->record.due_date);
            }
          g_array_set_size (w->batch, 0);
          return TRUE;
        }
      if (rc != SQLITE_CONSTRAINT_UNIQUE)
        {
          _cbz_store_set_error (w->store, error, "INSERT INTO invoices");
          return FALSE;
        }
      /* A collision rolled the whole statement back: row by row it is. */
    }

  for (guint k = 0; k < n; k++)
    {
      BatchRow *b = &g_array_index (w->batch, BatchRow, k);

      if (!upsert_invoice (w, b->stats, &b->record, error))
        return FALSE;
    }
  g_array_set_size (w->batch, 0);
  return TRUE;
}

/* Pass 2: the invoices, customer by customer, so that the (debtor, ...)
 * indexes grow at their end instead of everywhere at once. */
static gboolean
write_invoices (Writer            *w,
                CbzCsvImport      *import,
                const gint64      *row_debtor,
                CbzImportSummary  *summary,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (RowOrder),
                                               cbz_csv_import_get_n_valid_rows (import));
  g_autoptr(GPtrArray) index_definitions = NULL;
  guint n_rows = cbz_csv_import_get_n_rows (import);
  CbzImportRecord record;
  DebtorStats *stats = NULL;
  gint64 existing = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i < n_rows; i++)
    {
      RowOrder o = { row_debtor[i], i };

      if (row_debtor[i] != 0)
        g_array_append_val (order, o);
    }
  qsort (order->data, order->len, sizeof (RowOrder), compare_row_order_cb);

  if (order->len >= 10000)
    {
      if (!query_int64 (w, "SELECT count(*) FROM invoices", &existing, error))
        return FALSE;
      if ((gint64) order->len > existing * 2)
        {
          index_definitions = drop_secondary_indexes (w, "invoices", "debtor_id", error);
          if (index_definitions == NULL)
            return FALSE;
        }
    }

  cbz_import_record_init (&record);
  for (guint k = 0; k < order->len && ok; k++)
    {
      const RowOrder *o = &g_array_index (order, RowOrder, k);

      if (k % 16384 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (!cbz_csv_import_get_record_parts (import, o->index, CBZ_IMPORT_RECORD_INVOICE, &record))
        continue;
      if (stats == NULL || stats->id != o->debtor_id)
        stats = g_hash_table_lookup (w->stats, &o->debtor_id);
      g_assert (stats != NULL);
      if (stats->created)
        {
          BatchRow b = { stats, record, { 0 }, { 0 } };

          if (cbz_date_is_set (record.issue_date))
            cbz_date_to_iso (record.issue_date, b.issue);
          cbz_date_to_iso (record.due_date, b.due);
          g_array_append_val (w->batch, b);
          if (w->batch->len == BATCH_ROWS)
            ok = flush_batch (w, error);
        }
      else
        ok = upsert_invoice (w, stats, &record, error);
      summary->rows_imported += ok;
    }
  if (ok)
    ok = flush_batch (w, error);
  cbz_import_record_clear (&record);
  g_debug ("import: invoice rows inserted at %.3f s", (g_get_monotonic_time () - w->started) / 1e6);

  /* The inserts above bypass _cbz_store_step_done(): tell the store. */
  cbz_store_mark_changed (w->store);
  if (ok && index_definitions != NULL)
    ok = create_indexes (w, index_definitions, error);
  return ok;
}

/* Every debtor is new and in stats_order, counted as its invoices went in. */
static gboolean
write_counted_summaries (Writer  *w,
                         GError **error)
{
  g_autoptr(GArray) figures = g_array_sized_new (FALSE, FALSE, sizeof (CbzSummaryFigures),
                                                 w->stats_order->len);

  for (guint i = 0; i < w->stats_order->len; i++)
    {
      const DebtorStats *stats = g_ptr_array_index (w->stats_order, i);
      CbzSummaryFigures f = {
        stats->id, stats->currency, stats->other_currencies, stats->open_count,
        stats->open_balance, stats->overdue_balance, stats->oldest_due_date,
      };

      g_assert (stats->created);
      g_array_append_val (figures, f);
    }
  w->search_copied = w->search != NULL;
  return _cbz_store_write_new_summaries (w->store, (const CbzSummaryFigures *) (gpointer) figures->data,
                                         figures->len, w->search, error);
}

static gboolean
write_rows (Writer            *w,
            CbzCsvImport      *import,
            CbzImportSummary  *summary,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GArray) affected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(EventText) event_text = { 0 };
  g_autoptr(GPtrArray) debtor_indexes = NULL;
  gint64 *row_debtor;

  /* The writer's, as the search builder's thread reads it too. */
  row_debtor = w->row_debtor = g_new0 (gint64, MAX (cbz_csv_import_get_n_rows (import), 1));

  /* Cached by the store, so valid for its lifetime; each use rebinds every
   * parameter and step_done() resets. */
  w->insert_invoice = _cbz_store_prepare (w->store, insert_invoice_sql, error);
  if (w->insert_invoice == NULL)
    return FALSE;
  w->select_invoice = _cbz_store_prepare (w->store, select_invoice_sql, error);
  if (w->select_invoice == NULL)
    return FALSE;
  {
    g_autofree char *batch_sql = build_batch_sql ();

    w->insert_batch = _cbz_store_prepare (w->store, batch_sql, error);
    if (w->insert_batch == NULL)
      return FALSE;
  }

  if (!load_debtors (w, error))
    return FALSE;
  w->count_summaries = !w->had_debtors &&
                       cbz_date_from_iso (cbz_store_get_today (w->store), &w->today);
  /* A first big import gives every customer a new row: the customers'
   * indexes are one sort afterwards instead of 100,000 inserts at random
   * places (the writer looks customers up in its own tables meanwhile; the
   * unique tax ID index comes back, and would refuse a duplicate, before
   * anything else reads the customers). */
  if (!w->had_debtors && cbz_csv_import_get_n_valid_rows (import) >= BULK_ROWS)
    {
      debtor_indexes = drop_secondary_indexes (w, "debtors", NULL, error);
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
  if (!write_customers (w, import, row_debtor, cancellable, error) ||
      (debtor_indexes != NULL && !create_indexes (w, debtor_indexes, error)))
    return FALSE;
  if (w->search != NULL)
    _cbz_search_builder_start (w->search, import, row_debtor);
  g_debug ("import: customers written in %.3f s", (g_get_monotonic_time () - w->started) / 1e6);
  if (!write_invoices (w, import, row_debtor, summary, cancellable, error))
    return FALSE;
  g_debug ("import: invoices written at %.3f s", (g_get_monotonic_time () - w->started) / 1e6);

  event_text_init (&event_text, cbz_csv_import_get_display_name (import));
  for (guint i = 0; i < w->stats_order->len; i++)
    {
      DebtorStats *stats = g_ptr_array_index (w->stats_order, i);
      guint matched = stats->invoices_updated + stats->invoices_unchanged;

      summary->invoices_created += stats->invoices_created;
      summary->invoices_updated += stats->invoices_updated;
      summary->invoices_unchanged += stats->invoices_unchanged;
      if (stats->existing_invoices > matched)
        summary->invoices_not_in_file += stats->existing_invoices - matched;

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
          summary_indexes = drop_secondary_indexes (w, "debtor_summaries", NULL, error);
          if (summary_indexes == NULL)
            return FALSE;
        }
      return write_counted_summaries (w, error) &&
             (summary_indexes == NULL || create_indexes (w, summary_indexes, error));
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
  g_free (data->path);
  g_clear_object (&data->import);
  g_free (data);
}

static void
commit_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CommitData *data = task_data;
  g_autoptr(CbzStore) store = NULL;
  GError *error = NULL;
  CbzImportSummary *summary;

  store = cbz_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  summary = cbz_import_writer_run (store, data->import, data->mode, FALSE, cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) cbz_import_summary_free);
}

CbzImportSummary *
cbz_import_summary_copy (const CbzImportSummary *summary)
{
  CbzImportSummary *copy;

  g_return_val_if_fail (summary != NULL, NULL);

  copy = g_new (CbzImportSummary, 1);
  *copy = *summary;
  copy->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  for (guint i = 0; summary->skipped != NULL && i < summary->skipped->len; i++)
    g_ptr_array_add (copy->skipped, cbz_import_problem_copy (g_ptr_array_index (summary->skipped, i)));
  return copy;
}

void
cbz_import_summary_free (CbzImportSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->skipped, g_ptr_array_unref);
  g_free (summary);
}

CbzImportSummary *
cbz_import_writer_run (CbzStore      *store,
                       CbzCsvImport  *import,
                       CbzImportMode  mode,
                       gboolean       dry_run,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(CbzImportSummary) summary = NULL;
  GPtrArray *problems;
  Writer w = { 0 };
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
  summary->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (summary->skipped, cbz_import_problem_copy (g_ptr_array_index (problems, i)));

  w.store = store;
  w.db = cbz_store_get_handle (store);
  w.now = cbz_store_now ();
  w.started = g_get_monotonic_time ();
  w.by_tax_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.by_name_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.has_tax_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  w.stats = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  w.stats_order = g_ptr_array_new ();
  w.batch = g_array_sized_new (FALSE, FALSE, sizeof (BatchRow), BATCH_ROWS);

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
cbz_import_writer_commit_async (const char          *database_path,
                                CbzCsvImport        *import,
                                CbzImportMode        mode,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CommitData *data;

  g_return_if_fail (database_path != NULL);
  g_return_if_fail (CBZ_IS_CSV_IMPORT (import));

  data = g_new0 (CommitData, 1);
  data->path = g_strdup (database_path);
  data->import = g_object_ref (import);
  data->mode = mode;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_import_writer_commit_async);
  g_task_set_name (task, "[cobranza] import CSV");
  g_task_set_task_data (task, data, (GDestroyNotify) commit_data_free);
  g_task_run_in_thread (task, commit_thread_cb);
}

CbzImportSummary *
cbz_import_writer_commit_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
