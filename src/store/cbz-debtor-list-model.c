/* cbz-debtor-list-model.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-debtor-list-model-private.h"
#include "cbz-debtor-row-private.h"
#include "cbz-paged-ids-private.h"
#include "cbz-store-private.h"

/*
 * The model holds the ordered ids of the matching debtors (8 bytes each: 800
 * KB for 100,000 customers) and a bounded cache of rows, read a page at a
 * time (cbz-paged-ids.c). The ids come from cbz-debtor-list-query.c.
 */

#define PAGE_SIZE 64
#define MAX_CACHED_ROWS 4096

struct _CbzDebtorListModel
{
  GObject         parent_instance;

  CbzStore       *store;

  char           *search_text;
  CbzAgingFilter  aging_filter;
  char           *tag;
  CbzDebtorSort   sort_key;
  gboolean        descending;

  CbzPagedIds     paged;
  /* Every currency the figures are in, the most common first: the order
   * of the groups when sorting by an amount. */
  GStrv           currencies;
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

/* Reads the rows for @ids into a new id → row table. */
static GHashTable *
read_rows (gpointer       owner,
           const gint64  *ids,
           guint          n_ids,
           GError       **error)
{
  CbzDebtorListModel *self = owner;
  static const char sql[] =
    "SELECT " CBZ_DEBTOR_ROW_COLUMNS " FROM debtors d"
    " LEFT JOIN debtor_summaries s ON s.debtor_id = d.id"
    " WHERE d.id IN (SELECT value FROM json_each (?1))";

  return _cbz_paged_ids_read_rows (self->store, sql, ids, n_ids,
                                   (CbzPagedRowFunc) _cbz_debtor_row_new_from_stmt, error);
}

static gboolean
rows_equal (gpointer a,
            gpointer b)
{
  return cbz_debtor_row_equal (a, b);
}

static gpointer
new_placeholder (gint64 id)
{
  return _cbz_debtor_row_new_placeholder (id);
}

static gboolean reload_ids (gpointer   owner,
                            GError   **error);

CBZ_PAGED_IDS_DEFINE_LIST_MODEL (cbz_debtor_list_model, CBZ_DEBTOR_LIST_MODEL, CBZ_TYPE_DEBTOR_ROW)

/* Keeps the currency groups' order while the same currencies are there;
 * counts again when one comes or goes. */
static gboolean
update_currencies (CbzDebtorListModel  *self,
                   GError             **error)
{
  g_autoptr(GPtrArray) present = _cbz_debtor_list_query_currencies (self->store, error);
  gboolean same;

  if (present == NULL)
    return FALSE;
  same = self->currencies != NULL && g_strv_length (self->currencies) == present->len;
  for (guint i = 0; same && i < present->len; i++)
    same = g_strv_contains ((const char * const *) self->currencies, g_ptr_array_index (present, i));
  if (same)
    return TRUE;

  g_clear_pointer (&self->currencies, g_strfreev);
  self->currencies = _cbz_debtor_list_query_currency_order (self->store, error);
  return self->currencies != NULL;
}

static gboolean
reload_ids (gpointer   owner,
            GError   **error)
{
  return cbz_debtor_list_model_reload (owner, error);
}

static void
reload_or_warn (CbzDebtorListModel *self)
{
  _cbz_paged_ids_reload_or_warn (&self->paged);
}

static void
cbz_debtor_list_model_dispose (GObject *object)
{
  CbzDebtorListModel *self = (CbzDebtorListModel *) object;

  _cbz_paged_ids_stop (&self->paged);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_debtor_list_model_parent_class)->dispose (object);
}

static void
cbz_debtor_list_model_finalize (GObject *object)
{
  CbzDebtorListModel *self = (CbzDebtorListModel *) object;

  g_free (self->search_text);
  g_free (self->tag);
  g_strfreev (self->currencies);
  _cbz_paged_ids_clear (&self->paged);

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
      g_value_set_uint (value, _cbz_paged_ids_get_n_items (&self->paged));
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
  _cbz_paged_ids_follow (&self->paged, G_OBJECT (self->store));
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
  _cbz_paged_ids_init (&self->paged, G_LIST_MODEL (self), self, PAGE_SIZE, MAX_CACHED_ROWS,
                       read_rows, rows_equal, new_placeholder, reload_ids,
                       "the customer list");
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
  CbzDebtorListQuery query;
  GArray *new_ids;

  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), FALSE);

  _cbz_paged_ids_cancel_reload (&self->paged);

  query = (CbzDebtorListQuery) {
    .search_text = self->search_text,
    .aging_filter = self->aging_filter,
    .tag = self->tag,
    .sort_key = self->sort_key,
    .descending = self->descending,
  };
  if (self->sort_key == CBZ_DEBTOR_SORT_OVERDUE_BALANCE || self->sort_key == CBZ_DEBTOR_SORT_OPEN_BALANCE)
    {
      if (!update_currencies (self, error))
        return FALSE;
      query.currencies = (const char * const *) self->currencies;
    }

  new_ids = _cbz_debtor_list_query_ids (self->store, &query,
                                        _cbz_paged_ids_get_n_items (&self->paged), error);
  if (new_ids == NULL)
    return FALSE;

  if (_cbz_paged_ids_set_ids (&self->paged, new_ids))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

gint64
cbz_debtor_list_model_get_id (CbzDebtorListModel *self,
                              guint               position)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), 0);

  return _cbz_paged_ids_get_id (&self->paged, position);
}

int
cbz_debtor_list_model_find_id (CbzDebtorListModel *self,
                               gint64              id)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), -1);

  return _cbz_paged_ids_find (&self->paged, id);
}

guint
cbz_debtor_list_model_get_n_cached_pages (CbzDebtorListModel *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST_MODEL (self), 0);

  return _cbz_paged_ids_get_n_cached_pages (&self->paged);
}
