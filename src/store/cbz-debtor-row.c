/* cbz-debtor-row.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-debtor-row-private.h"

struct _CbzDebtorRow
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  char    *tax_id;
  char    *tax_id_kind;
  char    *currency;
  GStrv    other_currencies;   /* codes of the open invoices in other currencies, or NULL */
  char    *phone;              /* E.164 */
  guint    flags;              /* CbzSummaryFlags */
  gint64   overdue_balance;
  gint64   open_balance;
  gint64   days_overdue;
  gint64   open_count;
  char    *oldest_due_date;
  gint64   last_contact_at;
  char    *next_action;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_TAX_ID,
  PROP_TAX_ID_KIND,
  PROP_CURRENCY,
  PROP_OTHER_CURRENCIES,
  PROP_OTHER_CURRENCY_CODES,
  PROP_PHONE,
  PROP_OVERDUE_BALANCE,
  PROP_OPEN_BALANCE,
  PROP_DAYS_OVERDUE,
  PROP_BUCKET,
  PROP_OPEN_COUNT,
  PROP_OLDEST_DUE_DATE,
  PROP_LAST_CONTACT_AT,
  PROP_NEXT_ACTION,
  PROP_FLAGS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzDebtorRow, cbz_debtor_row, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
cbz_debtor_row_finalize (GObject *object)
{
  CbzDebtorRow *self = (CbzDebtorRow *) object;

  g_free (self->name);
  g_free (self->tax_id);
  g_free (self->tax_id_kind);
  g_free (self->currency);
  g_strfreev (self->other_currencies);
  g_free (self->phone);
  g_free (self->oldest_due_date);
  g_free (self->next_action);

  G_OBJECT_CLASS (cbz_debtor_row_parent_class)->finalize (object);
}

static void
cbz_debtor_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CbzDebtorRow *self = CBZ_DEBTOR_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TAX_ID:
      g_value_set_string (value, self->tax_id);
      break;
    case PROP_TAX_ID_KIND:
      g_value_set_string (value, self->tax_id_kind);
      break;
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    case PROP_OTHER_CURRENCIES:
      g_value_set_boolean (value, self->other_currencies != NULL);
      break;
    case PROP_OTHER_CURRENCY_CODES:
      g_value_set_boxed (value, self->other_currencies);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_OVERDUE_BALANCE:
      g_value_set_int64 (value, self->overdue_balance);
      break;
    case PROP_OPEN_BALANCE:
      g_value_set_int64 (value, self->open_balance);
      break;
    case PROP_DAYS_OVERDUE:
      g_value_set_int64 (value, self->days_overdue);
      break;
    case PROP_BUCKET:
      g_value_set_enum (value, cbz_debtor_row_get_bucket (self));
      break;
    case PROP_OPEN_COUNT:
      g_value_set_int64 (value, self->open_count);
      break;
    case PROP_OLDEST_DUE_DATE:
      g_value_set_string (value, self->oldest_due_date);
      break;
    case PROP_LAST_CONTACT_AT:
      g_value_set_int64 (value, self->last_contact_at);
      break;
    case PROP_NEXT_ACTION:
      g_value_set_string (value, self->next_action);
      break;
    case PROP_FLAGS:
      g_value_set_uint (value, self->flags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_row_class_init (CbzDebtorRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cbz_debtor_row_finalize;
  object_class->get_property = cbz_debtor_row_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_TAX_ID] = g_param_spec_string ("tax-id", NULL, NULL, NULL, flags);
  properties[PROP_TAX_ID_KIND] = g_param_spec_string ("tax-id-kind", NULL, NULL, NULL, flags);
  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, NULL, flags);
  properties[PROP_OTHER_CURRENCIES] = g_param_spec_boolean ("other-currencies", NULL, NULL, FALSE, flags);
  properties[PROP_OTHER_CURRENCY_CODES] = g_param_spec_boxed ("other-currency-codes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_OVERDUE_BALANCE] = g_param_spec_int64 ("overdue-balance", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_OPEN_BALANCE] = g_param_spec_int64 ("open-balance", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_DAYS_OVERDUE] = g_param_spec_int64 ("days-overdue", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BUCKET] = g_param_spec_enum ("bucket", NULL, NULL, CBZ_TYPE_AGING_BUCKET, CBZ_AGING_NOT_DUE, flags);
  properties[PROP_OPEN_COUNT] = g_param_spec_int64 ("open-count", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_OLDEST_DUE_DATE] = g_param_spec_string ("oldest-due-date", NULL, NULL, NULL, flags);
  properties[PROP_LAST_CONTACT_AT] = g_param_spec_int64 ("last-contact-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NEXT_ACTION] = g_param_spec_string ("next-action", NULL, NULL, NULL, flags);
  /* CbzSummaryFlags */
  properties[PROP_FLAGS] = g_param_spec_uint ("flags", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cbz_debtor_row_init (CbzDebtorRow *self)
{
}

/* Columns in the order of CBZ_DEBTOR_ROW_COLUMNS. */
CbzDebtorRow *
_cbz_debtor_row_new_from_stmt (sqlite3_stmt *stmt)
{
  CbzDebtorRow *self = g_object_new (CBZ_TYPE_DEBTOR_ROW, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  self->tax_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  self->tax_id_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  self->currency = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  if (sqlite3_column_type (stmt, 5) == SQLITE_TEXT)
    self->other_currencies = g_strsplit ((const char *) sqlite3_column_text (stmt, 5), " ", -1);
  self->overdue_balance = sqlite3_column_int64 (stmt, 6);
  self->open_balance = sqlite3_column_int64 (stmt, 7);
  self->days_overdue = sqlite3_column_int64 (stmt, 8);
  self->open_count = sqlite3_column_int64 (stmt, 9);
  self->oldest_due_date = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  self->last_contact_at = sqlite3_column_int64 (stmt, 11);
  self->next_action = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
  self->phone = g_strdup ((const char *) sqlite3_column_text (stmt, 13));
  self->flags = (guint) sqlite3_column_int (stmt, 14);
  return self;
}

/* A row for @id that could not be read: no name, owes nothing. */
CbzDebtorRow *
_cbz_debtor_row_new_placeholder (gint64 id)
{
  CbzDebtorRow *self = g_object_new (CBZ_TYPE_DEBTOR_ROW, NULL);

  self->id = id;
  self->name = g_strdup ("");
  self->currency = g_strdup ("MXN");
  return self;
}

gint64
cbz_debtor_row_get_id (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), 0);
  return self->id;
}

const char *
cbz_debtor_row_get_name (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return self->name;
}

const char *
cbz_debtor_row_get_tax_id (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return self->tax_id;
}

const char *
cbz_debtor_row_get_tax_id_kind (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return self->tax_id_kind;
}

const char *
cbz_debtor_row_get_currency (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return self->currency;
}

gboolean
cbz_debtor_row_get_other_currencies (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), FALSE);
  return self->other_currencies != NULL;
}

const char * const *
cbz_debtor_row_get_other_currency_codes (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return (const char * const *) self->other_currencies;
}

const char *
cbz_debtor_row_get_phone (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return self->phone;
}

gint64
cbz_debtor_row_get_overdue_balance (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), 0);
  return self->overdue_balance;
}

gint64
cbz_debtor_row_get_open_balance (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), 0);
  return self->open_balance;
}

gint64
cbz_debtor_row_get_days_overdue (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), 0);
  return self->days_overdue;
}

CbzAgingBucket
cbz_debtor_row_get_bucket (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), CBZ_AGING_NOT_DUE);
  return cbz_aging_bucket_for_days (self->days_overdue);
}

gint64
cbz_debtor_row_get_open_count (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), 0);
  return self->open_count;
}

const char *
cbz_debtor_row_get_oldest_due_date (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return self->oldest_due_date;
}

gint64
cbz_debtor_row_get_last_contact_at (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), 0);
  return self->last_contact_at;
}

const char *
cbz_debtor_row_get_next_action (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), NULL);
  return self->next_action;
}

static gboolean
strv_equal (GStrv a,
            GStrv b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

gboolean
cbz_debtor_row_equal (CbzDebtorRow *self,
                      CbzDebtorRow *other)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), FALSE);
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (other), FALSE);

  return self->id == other->id &&
         g_strcmp0 (self->name, other->name) == 0 &&
         g_strcmp0 (self->tax_id, other->tax_id) == 0 &&
         g_strcmp0 (self->tax_id_kind, other->tax_id_kind) == 0 &&
         g_strcmp0 (self->currency, other->currency) == 0 &&
         strv_equal (self->other_currencies, other->other_currencies) &&
         g_strcmp0 (self->phone, other->phone) == 0 &&
         self->overdue_balance == other->overdue_balance &&
         self->open_balance == other->open_balance &&
         self->days_overdue == other->days_overdue &&
         self->open_count == other->open_count &&
         g_strcmp0 (self->oldest_due_date, other->oldest_due_date) == 0 &&
         self->last_contact_at == other->last_contact_at &&
         g_strcmp0 (self->next_action, other->next_action) == 0 &&
         self->flags == other->flags;
}

/* What the list marks beside the customer (CbzSummaryFlags). */
guint
cbz_debtor_row_get_flags (CbzDebtorRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_ROW (self), 0);
  return self->flags;
}
