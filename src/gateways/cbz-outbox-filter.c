/* cbz-outbox-filter.c: the views of the outbox a person works with
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-outbox-private.h"

G_DEFINE_ENUM_TYPE (CbzOutboxFilter, cbz_outbox_filter,
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_FILTER_ATTENTION, "attention"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_FILTER_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_FILTER_SENT, "sent"),
                    G_DEFINE_ENUM_VALUE (CBZ_OUTBOX_FILTER_ALL, "all"))

static GEnumClass *
get_enum_class (void)
{
  static GEnumClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (CBZ_TYPE_OUTBOX_FILTER));
  return klass;
}

const char *
cbz_outbox_filter_to_string (CbzOutboxFilter filter)
{
  GEnumValue *value = g_enum_get_value (get_enum_class (), (int) filter);

  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

gboolean
cbz_outbox_filter_from_string (const char      *text,
                               CbzOutboxFilter *filter)
{
  GEnumValue *value;

  g_return_val_if_fail (text != NULL, FALSE);

  value = g_enum_get_value_by_nick (get_enum_class (), text);
  if (value == NULL)
    return FALSE;
  if (filter != NULL)
    *filter = (CbzOutboxFilter) value->value;
  return TRUE;
}

/* The states a view shows. With @grouped, each state's messages come as a
 * block, in this order (what waits for the person leads); without, the
 * states' messages mix, newest first. */
static gsize
filter_states (CbzOutboxFilter  filter,
               CbzOutboxState  *states,
               gboolean        *grouped)
{
  *grouped = FALSE;
  switch (filter)
    {
    case CBZ_OUTBOX_FILTER_ATTENTION:
      *grouped = TRUE;
      states[0] = CBZ_OUTBOX_STATE_UNKNOWN;
      states[1] = CBZ_OUTBOX_STATE_FAILED;
      return 2;
    case CBZ_OUTBOX_FILTER_QUEUED:
      *grouped = TRUE;
      states[0] = CBZ_OUTBOX_STATE_SENDING;
      states[1] = CBZ_OUTBOX_STATE_QUEUED;
      return 2;
    case CBZ_OUTBOX_FILTER_SENT:
      states[0] = CBZ_OUTBOX_STATE_SENT;
      states[1] = CBZ_OUTBOX_STATE_DELIVERED;
      return 2;
    case CBZ_OUTBOX_FILTER_ALL:
    default:
      return 0;
    }
}

guint64
cbz_outbox_filter_count (CbzOutboxFilter  filter,
                         const guint64   *counts)
{
  CbzOutboxState states[CBZ_OUTBOX_N_STATES];
  gboolean grouped;
  gsize n_states;
  guint64 total = 0;

  g_return_val_if_fail (counts != NULL, 0);

  n_states = filter_states (filter, states, &grouped);
  if (n_states == 0)
    {
      for (guint i = 0; i < CBZ_OUTBOX_N_STATES; i++)
        total += counts[i];
      return total;
    }
  for (gsize i = 0; i < n_states; i++)
    total += counts[states[i]];
  return total;
}

void
cbz_outbox_listing_free (CbzOutboxListing *listing)
{
  if (listing == NULL)
    return;
  g_clear_pointer (&listing->messages, g_ptr_array_unref);
  g_clear_pointer (&listing->customer_names, g_hash_table_unref);
  g_free (listing);
}

CbzOutboxListing *
cbz_outbox_list_filter (CbzOutbox        *self,
                        CbzOutboxFilter   filter,
                        guint             limit,
                        GError          **error)
{
  g_autoptr(CbzOutboxListing) listing = g_new0 (CbzOutboxListing, 1);
  g_autoptr(GArray) debtor_ids = NULL;
  CbzOutboxState states[CBZ_OUTBOX_N_STATES];
  CbzStore *store;
  gboolean grouped;
  gsize n_states;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);

  store = cbz_outbox_get_store (self);
  listing->filter = filter;
  listing->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  n_states = filter_states (filter, states, &grouped);
  if (!cbz_store_outbox_read_view (store, states, n_states, grouped, limit, listing->counts,
                                   _cbz_outbox_append_record_cb, listing->messages, error))
    return NULL;

  debtor_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), listing->messages->len);
  for (guint i = 0; i < listing->messages->len; i++)
    g_array_append_val (debtor_ids, ((CbzOutboxMessage *) g_ptr_array_index (listing->messages, i))->debtor_id);
  listing->customer_names = cbz_store_outbox_get_customer_names (store, (const gint64 *) (gpointer) debtor_ids->data,
                                                                 debtor_ids->len, error);
  if (listing->customer_names == NULL)
    return NULL;
  return g_steal_pointer (&listing);
}
