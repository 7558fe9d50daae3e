/* cbz-outbox-sending.c: what CbzSender asks of the outbox
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Claiming due messages ("sending" on disk before any request leaves),
 * failing the expired ones, and the lists a run works from.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-outbox-private.h"

static const char *
opted_out_reason (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return _("Not sent: the customer opted out of WhatsApp messages");
    case CBZ_CHANNEL_EMAIL:
      return _("Not sent: the customer opted out of email");
    case CBZ_CHANNEL_SMS:
    default:
      return _("Not sent: the customer opted out of SMS");
    }
}

/* Where one claimed message goes: failed (opted out, disputed), dry-run, or
 * sending. */
static gboolean
claim_one (CbzOutbox   *self,
           gint64       id,
           gboolean     opted_out,
           gboolean     dry_run,
           gint64       now,
           GPtrArray   *claimed,
           GPtrArray   *settled,
           GError     **error)
{
  CbzStore *store = cbz_outbox_get_store (self);
  g_autoptr(CbzOutboxMessage) message = cbz_outbox_get (self, id, error);
  g_autofree char *disputed = NULL;
  GError *local_error = NULL;

  if (message == NULL)
    return FALSE;

  if (opted_out)
    {
      if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_FAILED, NULL,
                                   opted_out_reason (message->channel), now, error))
        return FALSE;
      g_ptr_array_add (settled, g_steal_pointer (&message));
      return TRUE;
    }

  disputed = cbz_store_outbox_find_disputed (store, message->debtor_id, message->invoice_set, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (disputed != NULL)
    {
      g_autofree char *reason =
        /* Translators: %s is one or more invoice numbers ("A-101, A-102"). */
        g_strdup_printf (_("Not sent: invoice %s is disputed; disputed invoices are not chased"),
                         disputed);

      if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_FAILED, NULL, reason, now, error))
        return FALSE;
      g_ptr_array_add (settled, g_steal_pointer (&message));
      return TRUE;
    }

  if (dry_run || message->dry_run)
    {
      if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_DRY_RUN, NULL, NULL, now, error))
        return FALSE;
      g_ptr_array_add (settled, g_steal_pointer (&message));
      return TRUE;
    }

  if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_SENDING, NULL, NULL, now, error))
    return FALSE;
  g_ptr_array_add (claimed, g_steal_pointer (&message));
  return TRUE;
}

gboolean
_cbz_outbox_claim (CbzOutbox   *self,
                   const char  *provider,
                   guint        limit,
                   gboolean     dry_run,
                   gboolean     only_dry_runs,
                   gint64       now,
                   GPtrArray   *claimed,
                   GPtrArray   *settled,
                   GError     **error)
{
  CbzStore *store = cbz_outbox_get_store (self);
  g_autoptr(GArray) due = NULL;
  guint n_claimed = claimed->len;
  guint n_settled = settled->len;

  if (limit == 0)
    return TRUE;

  if (!cbz_store_begin (store, error))
    return FALSE;

  due = cbz_store_outbox_list_due (store, provider, now, limit, only_dry_runs, error);
  if (due == NULL)
    goto fail;

  for (guint i = 0; i < due->len; i++)
    {
      const CbzOutboxDue *one = &g_array_index (due, CbzOutboxDue, i);

      if (!claim_one (self, one->id, one->opted_out, dry_run, now, claimed, settled, error))
        goto fail;
    }

  /* The point of the outbox: "sending" is on disk before any request leaves. */
  if (!cbz_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (store);
  g_ptr_array_set_size (claimed, n_claimed);
  g_ptr_array_set_size (settled, n_settled);
  return FALSE;
}

static char *
expired_reason (const CbzOutboxMessage *message)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (message->created_at / G_USEC_PER_SEC);
  g_autofree char *when = g_date_time_format (created, "%Y-%m-%d %H:%M");

  if (message->last_error != NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %u attempts, since the date and time %s; then the provider's last answer. */
                                         "Gave up: still not sent after %u attempt since %s. Last error: %s",
                                         "Gave up: still not sent after %u attempts since %s. Last error: %s",
                                         message->attempts),
                            message->attempts, when, message->last_error);
  /* Translators: %s is the date and time the message was queued. */
  return g_strdup_printf (_("Gave up: still not sent since %s, too old to send now"), when);
}

gboolean
_cbz_outbox_fail_expired (CbzOutbox  *self,
                          gint64      now,
                          guint      *n_failed,
                          GError    **error)
{
  CbzStore *store = cbz_outbox_get_store (self);
  g_autoptr(GArray) ids = NULL;

  *n_failed = 0;
  ids = cbz_store_outbox_list_expired (store, now, 500, error);
  if (ids == NULL)
    return FALSE;
  if (ids->len == 0)
    return TRUE;

  if (!cbz_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CbzOutboxMessage) message = cbz_outbox_get (self, g_array_index (ids, gint64, i), error);
      g_autofree char *reason = NULL;

      if (message == NULL)
        goto fail;
      reason = expired_reason (message);
      if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_FAILED, NULL, reason, now, error))
        goto fail;
    }
  if (!cbz_store_commit (store, error))
    goto fail;
  *n_failed = ids->len;
  return TRUE;

fail:
  cbz_store_rollback (store);
  return FALSE;
}

gint64
_cbz_outbox_next_due (CbzOutbox   *self,
                      const char  *provider,
                      GError     **error)
{
  gint64 due = G_MAXINT64;

  if (!cbz_store_outbox_next_due (cbz_outbox_get_store (self), provider, &due, error))
    return G_MAXINT64;
  return due;
}

GStrv
_cbz_outbox_pending_providers (CbzOutbox  *self,
                               GError    **error)
{
  return cbz_store_outbox_pending_providers (cbz_outbox_get_store (self), error);
}

GPtrArray *
_cbz_outbox_list_sending (CbzOutbox  *self,
                          GError    **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);

  if (!cbz_store_outbox_list_sending (cbz_outbox_get_store (self), _cbz_outbox_append_record_cb, messages, error))
    return NULL;
  return g_steal_pointer (&messages);
}

GPtrArray *
_cbz_outbox_list_to_poll (CbzOutbox   *self,
                          const char  *provider,
                          gint64       now,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);

  if (!cbz_store_outbox_list_to_poll (cbz_outbox_get_store (self), provider, now, limit,
                                      _cbz_outbox_append_record_cb, messages, error))
    return NULL;
  return g_steal_pointer (&messages);
}

gint64
_cbz_outbox_count_pending (CbzOutbox  *self,
                           GError    **error)
{
  guint64 count = 0;

  if (!cbz_store_outbox_count_pending (cbz_outbox_get_store (self), &count, error))
    return -1;
  return (gint64) MIN (count, (guint64) G_MAXINT64);
}
