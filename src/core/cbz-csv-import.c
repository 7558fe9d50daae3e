/* cbz-csv-import.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cbz-csv-import-private.h"
#include "cbz-locale-private.h"
#include "cbz-money.h"

enum {
  PROP_0,
  PROP_FILE,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CbzCsvImport, cbz_csv_import, G_TYPE_OBJECT)

/* Progress is written by the worker and read by the main thread: the value
 * is an atomic, and at most one notification is queued at a time. */
static gboolean
notify_progress_cb (gpointer data)
{
  CbzCsvImport *self = data;

  g_atomic_int_set (&self->progress_pending, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  return G_SOURCE_REMOVE;
}

void
_cbz_csv_import_set_progress (CbzCsvImport *self,
                              double        fraction)
{
  int permille = (int) (CLAMP (fraction, 0.0, 1.0) * 1000);

  if (g_atomic_int_get (&self->progress_permille) == permille)
    return;
  g_atomic_int_set (&self->progress_permille, permille);

  if (self->progress_context == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
      return;
    }
  if (g_atomic_int_compare_and_exchange (&self->progress_pending, 0, 1))
    {
      GSource *source = g_idle_source_new ();

      /* Same priority as the task's completion, so the last figure arrives before it. */
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, notify_progress_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[cobranza] import progress");
      g_source_attach (source, self->progress_context);
      g_source_unref (source);
    }
}

static void
table_progress_cb (double   fraction,
                   gpointer user_data)
{
  /* Reading and splitting the file is the first half of loading. */
  _cbz_csv_import_set_progress (user_data, 0.05 + fraction * 0.45);
}

static const char *
currency_for_country (const char *country)
{
  static const char * const usd_countries[] = { "EC", "SV", "PA", "PR" };

  for (guint i = 0; i < G_N_ELEMENTS (usd_countries); i++)
    {
      if (g_strcmp0 (country, usd_countries[i]) == 0)
        return "USD";
    }
  for (const char * const *c = cbz_currency_list (); *c != NULL; c++)
    {
      if (g_strcmp0 (cbz_currency_get_country (*c), country) == 0)
        return *c;
    }
  return "MXN";
}

gboolean
_cbz_csv_import_row_is_blank (CbzCsvImport *self,
                              guint         index)
{
  guint n = cbz_csv_table_get_n_fields (self->table, index + 1);

  for (guint i = 0; i < n; i++)
    {
      if (cbz_csv_table_get_cell (self->table, index + 1, i)[0] != '\0')
        return FALSE;
    }
  return TRUE;
}

static void
load_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CbzCsvImport *self = source_object;
  GError *error = NULL;

  if (cbz_csv_import_load (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
validate_thread_cb (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CbzCsvImport *self = source_object;
  GError *error = NULL;

  if (cbz_csv_import_validate (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
cbz_csv_import_finalize (GObject *object)
{
  CbzCsvImport *self = (CbzCsvImport *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->encoding_option, g_free);
  g_clear_pointer (&self->default_country, g_free);
  g_clear_pointer (&self->default_currency, g_free);
  g_clear_pointer (&self->table, cbz_csv_table_free);
  g_clear_pointer (&self->mapping, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->row_state, g_free);
  g_clear_pointer (&self->invoice_cache, g_free);
  g_clear_pointer (&self->customer_row, g_free);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (cbz_csv_import_parent_class)->finalize (object);
}

static void
cbz_csv_import_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CbzCsvImport *self = CBZ_CSV_IMPORT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, cbz_csv_import_get_progress (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_csv_import_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CbzCsvImport *self = CBZ_CSV_IMPORT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      if (self->file != NULL)
        self->display_name = g_file_get_basename (self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_csv_import_class_init (CbzCsvImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_csv_import_finalize;
  object_class->get_property = cbz_csv_import_get_property;
  object_class->set_property = cbz_csv_import_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cbz_csv_import_init (CbzCsvImport *self)
{
  char country[3];
  const char *locale = setlocale (LC_MONETARY, NULL);

  _cbz_locale_get_country (locale, country);
  if (cbz_phone_get_calling_code (country) == NULL)
    g_strlcpy (country, "MX", sizeof country);
  self->default_country = g_strdup (country);
  self->default_currency = g_strdup (currency_for_country (country));
  for (guint f = 0; f < CBZ_IMPORT_N_FIELDS; f++)
    self->field_column[f] = -1;
}

CbzCsvImport *
cbz_csv_import_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (CBZ_TYPE_CSV_IMPORT, "file", file, NULL);
}

GFile *
cbz_csv_import_get_file (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->file;
}

const char *
cbz_csv_import_get_display_name (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->display_name;
}

void
cbz_csv_import_set_encoding (CbzCsvImport *self,
                             const char   *encoding)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  g_free (self->encoding_option);
  self->encoding_option = encoding != NULL && encoding[0] != '\0' ? g_strdup (encoding) : NULL;
}

void
cbz_csv_import_set_delimiter (CbzCsvImport *self,
                              char          delimiter)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  self->delimiter_option = delimiter;
}

void
cbz_csv_import_set_default_country (CbzCsvImport *self,
                                    const char   *country)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (country != NULL && strlen (country) == 2);
  g_return_if_fail (!self->busy);

  g_free (self->default_country);
  self->default_country = g_ascii_strup (country, -1);
  self->validated = FALSE;
}

const char *
cbz_csv_import_get_default_country (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->default_country;
}

void
cbz_csv_import_set_default_currency (CbzCsvImport *self,
                                     const char   *currency)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (cbz_currency_is_known (currency));
  g_return_if_fail (!self->busy);

  g_free (self->default_currency);
  self->default_currency = g_ascii_strup (currency, -1);
  self->validated = FALSE;
}

const char *
cbz_csv_import_get_default_currency (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->default_currency;
}

gboolean
cbz_csv_import_load (CbzCsvImport  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  CbzCsvTable *table;
  gboolean ok;
  gint64 started;

  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);

  self->busy = TRUE;
  _cbz_csv_import_set_progress (self, 0.0);
  started = g_get_monotonic_time ();
  table = cbz_csv_table_new_from_file (self->file, self->encoding_option, self->delimiter_option,
                                       cancellable, table_progress_cb, self, error);
  g_debug ("import: file read and split in %.3f s", (g_get_monotonic_time () - started) / 1e6);
  if (table == NULL)
    {
      self->busy = FALSE;
      return FALSE;
    }

  g_clear_pointer (&self->table, cbz_csv_table_free);
  self->table = table;
  self->n_columns = cbz_csv_table_get_n_fields (table, 0);
  g_free (self->mapping);
  self->mapping = g_new0 (CbzImportField, MAX (self->n_columns, 1));
  _cbz_csv_import_detect_mapping (self);
  _cbz_csv_import_detect_date_order (self);

  ok = _cbz_csv_import_validate_rows (self, cancellable, 0.5, error);
  g_debug ("import: file checked in %.3f s", (g_get_monotonic_time () - started) / 1e6);
  self->busy = FALSE;
  return ok;
}

void
cbz_csv_import_load_async (CbzCsvImport        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_csv_import_load_async);
  g_task_set_name (task, "[cobranza] load CSV");
  g_task_run_in_thread (task, load_thread_cb);
}

gboolean
cbz_csv_import_load_finish (CbzCsvImport  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cbz_csv_import_is_loaded (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->table != NULL && !self->busy;
}

double
cbz_csv_import_get_progress (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0.0);

  return g_atomic_int_get (&self->progress_permille) / 1000.0;
}

const char *
cbz_csv_import_get_encoding (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  return self->table != NULL ? cbz_csv_table_get_encoding (self->table) : NULL;
}

gboolean
cbz_csv_import_get_had_bom (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->table != NULL && cbz_csv_table_get_had_bom (self->table);
}

char
cbz_csv_import_get_delimiter (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->table != NULL ? cbz_csv_table_get_delimiter (self->table) : self->delimiter_option;
}

CbzDateOrder
cbz_csv_import_get_date_order (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), CBZ_DATE_ORDER_DMY);

  return self->date_order;
}

void
cbz_csv_import_set_date_order (CbzCsvImport *self,
                               CbzDateOrder  order)
{
  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);

  if (self->date_order != order)
    {
      self->date_order = order;
      self->validated = FALSE;
    }
}

guint
cbz_csv_import_get_n_columns (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->table != NULL ? self->n_columns : 0;
}

const char *
cbz_csv_import_get_header (CbzCsvImport *self,
                           guint         column)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);
  g_return_val_if_fail (self->table != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return cbz_csv_table_get_cell (self->table, 0, column);
}

guint
cbz_csv_import_get_n_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->table != NULL ? cbz_csv_table_get_n_rows (self->table) - 1 : 0;
}

const char *
cbz_csv_import_get_cell (CbzCsvImport *self,
                         guint         index,
                         guint         column)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);
  g_return_val_if_fail (self->table != NULL, NULL);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), NULL);

  return cbz_csv_table_get_cell (self->table, index + 1, column);
}

CbzImportField
cbz_csv_import_get_column_field (CbzCsvImport *self,
                                 guint         column)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), CBZ_IMPORT_FIELD_NONE);
  g_return_val_if_fail (column < cbz_csv_import_get_n_columns (self), CBZ_IMPORT_FIELD_NONE);

  return self->mapping[column];
}

void
cbz_csv_import_set_column_field (CbzCsvImport   *self,
                                 guint           column,
                                 CbzImportField  field)
{
  CbzImportField old;

  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);
  g_return_if_fail (column < cbz_csv_import_get_n_columns (self));
  g_return_if_fail (field < CBZ_IMPORT_N_FIELDS);

  old = self->mapping[column];
  if (old == field)
    return;
  if (old != CBZ_IMPORT_FIELD_NONE)
    self->field_column[old] = -1;
  if (field != CBZ_IMPORT_FIELD_NONE)
    {
      int previous = self->field_column[field];

      if (previous >= 0)
        self->mapping[previous] = CBZ_IMPORT_FIELD_NONE;
      self->field_column[field] = column;
    }
  self->mapping[column] = field;
  self->validated = FALSE;
}

int
cbz_csv_import_find_field (CbzCsvImport   *self,
                           CbzImportField  field)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), -1);
  g_return_val_if_fail (field < CBZ_IMPORT_N_FIELDS, -1);

  return field == CBZ_IMPORT_FIELD_NONE ? -1 : self->field_column[field];
}

gboolean
cbz_csv_import_validate (CbzCsvImport  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (!self->busy, FALSE);
  g_return_val_if_fail (self->table != NULL, FALSE);

  self->busy = TRUE;
  _cbz_csv_import_set_progress (self, 0.0);
  ok = _cbz_csv_import_validate_rows (self, cancellable, 0.0, error);
  self->busy = FALSE;
  return ok;
}

void
cbz_csv_import_validate_async (CbzCsvImport        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (!self->busy);
  g_return_if_fail (self->table != NULL);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cbz_csv_import_validate_async);
  g_task_set_name (task, "[cobranza] validate CSV");
  g_task_run_in_thread (task, validate_thread_cb);
}

gboolean
cbz_csv_import_validate_finish (CbzCsvImport  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
cbz_csv_import_is_validated (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->validated && !self->busy;
}

GPtrArray *
cbz_csv_import_get_problems (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), NULL);

  if (self->problems == NULL)
    self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  return self->problems;
}

guint
cbz_csv_import_get_n_problems (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_problems;
}

guint
cbz_csv_import_get_n_warnings (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_warnings;
}

gboolean
cbz_csv_import_has_file_problems (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);

  return self->has_file_problems;
}

guint
cbz_csv_import_get_n_valid_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_valid;
}

guint
cbz_csv_import_get_n_invalid_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_invalid;
}

guint
cbz_csv_import_get_n_blank_rows (CbzCsvImport *self)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), 0);

  return self->n_blank;
}

gboolean
cbz_csv_import_row_is_valid (CbzCsvImport *self,
                             guint         index)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (self->row_state != NULL, FALSE);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), FALSE);

  return self->row_state[index] == ROW_VALID;
}

gboolean
cbz_csv_import_get_record (CbzCsvImport    *self,
                           guint            index,
                           CbzImportRecord *record)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->name_key != NULL, FALSE);
  g_return_val_if_fail (self->validated, FALSE);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), FALSE);

  if (self->row_state[index] != ROW_VALID)
    return FALSE;
  return _cbz_csv_import_convert_row (self, index, CBZ_IMPORT_RECORD_ALL, record, NULL);
}

/**
 * cbz_csv_import_get_customer_row:
 *
 * Returns: the first valid data row whose customer cells (name, tax ID,
 *   contact data, tags...) are exactly those of valid row @index: @index
 *   itself when it is the first. A writer needs to look at the customer of
 *   those rows only.
 */
guint
cbz_csv_import_get_customer_row (CbzCsvImport *self,
                                 guint         index)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), index);
  g_return_val_if_fail (self->validated, index);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), index);

  return self->customer_row[index];
}

gboolean
cbz_csv_import_get_record_parts (CbzCsvImport         *self,
                                 guint                 index,
                                 CbzImportRecordParts  parts,
                                 CbzImportRecord      *record)
{
  g_return_val_if_fail (CBZ_IS_CSV_IMPORT (self), FALSE);
  g_return_val_if_fail (record != NULL && record->name_key != NULL, FALSE);
  g_return_val_if_fail (self->validated, FALSE);
  g_return_val_if_fail (index < cbz_csv_import_get_n_rows (self), FALSE);

  if (self->row_state[index] != ROW_VALID)
    return FALSE;
  if (parts == CBZ_IMPORT_RECORD_INVOICE)
    {
      const CbzImportInvoice *c = &self->invoice_cache[index];

      record->row = index + 2;
      record->invoice_number = c->number;
      record->description = c->description;
      record->issue_date = c->issue_date;
      record->due_date = c->due_date;
      memcpy (record->currency, c->currency, sizeof record->currency);
      record->amount = c->amount;
      record->balance = c->balance;
      record->status = c->status;
      return TRUE;
    }
  return _cbz_csv_import_convert_row (self, index, parts, record, NULL);
}

void
cbz_csv_import_get_invoices (CbzCsvImport     *self,
                             const guint32    *rows,
                             guint             n_rows,
                             CbzImportInvoice *invoices)
{
  /* Far enough ahead for the memory to answer before the row is reached. */
  const guint ahead = 16;
  guint n_data_rows;

  g_return_if_fail (CBZ_IS_CSV_IMPORT (self));
  g_return_if_fail (self->validated);
  g_return_if_fail (rows != NULL || n_rows == 0);

  n_data_rows = cbz_csv_import_get_n_rows (self);
  for (guint k = 0; k < n_rows; k++)
    {
      if (k + ahead < n_rows)
        {
          __builtin_prefetch (&self->invoice_cache[rows[k + ahead]]);
          __builtin_prefetch (&self->row_state[rows[k + ahead]]);
        }
      g_assert (rows[k] < n_data_rows && self->row_state[rows[k]] == ROW_VALID);
      invoices[k] = self->invoice_cache[rows[k]];
    }
}
