/* cbz-store-transactions.c: begin, commit, rollback
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One BEGIN IMMEDIATE for the outermost level and savepoints inside it, so
 * a store function that writes can run alone or inside its caller's
 * transaction. ::changed is emitted once, after the outermost commit of a
 * transaction that wrote.
 */

#include "config.h"

#include "cbz-store-instance-private.h"

/* WAL writes every page twice, into the -wal file at commit and into the
 * database at the checkpoint. A rollback journal keeps only the pages the
 * transaction changes that were already in the file, so the pages a big
 * import appends are written once. Leaving WAL needs the file to ourselves:
 * when anyone else has it open this fails at once and nothing changes.
 * synchronous = FULL syncs the journal's truncation at COMMIT, so the import
 * is as durable on return as it is in WAL after the checkpoint. */
gboolean
_cbz_store_begin_bulk_write (CbzStore *self)
{
  g_autofree char *mode = NULL;

  /* Inside the caller's transaction the mode cannot change. */
  if (self->depth > 0)
    return FALSE;
  if (!_cbz_store_ensure_verified (self, NULL))
    return FALSE;
  mode = _cbz_store_switch_journal_mode (self, "TRUNCATE");
  if (g_strcmp0 (mode, "truncate") != 0)
    {
      g_debug ("Bulk write to %s stays in WAL (%s)", self->path,
               mode != NULL ? mode : sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (!_cbz_store_exec (self, "PRAGMA synchronous = FULL", NULL))
    {
      _cbz_store_end_bulk_write (self);
      return FALSE;
    }
  return TRUE;
}

void
_cbz_store_end_bulk_write (CbzStore *self)
{
  g_autofree char *mode = NULL;

  g_return_if_fail (self->depth == 0);

  /* Someone who opened the file meanwhile keeps it from going back to WAL;
   * it works as it is, and the next cbz_store_open() switches it. */
  mode = _cbz_store_switch_journal_mode (self, "WAL");
  if (g_strcmp0 (mode, "wal") != 0)
    g_debug ("%s could not go back to WAL yet (%s)", self->path,
             mode != NULL ? mode : sqlite3_errmsg (self->db));
  _cbz_store_exec (self, "PRAGMA synchronous = NORMAL", NULL);
}

gboolean
cbz_store_begin (CbzStore  *self,
                 GError   **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (self->depth == 0 && !_cbz_store_ensure_verified (self, error))
    return FALSE;

  /* IMMEDIATE takes the write lock now, so a transaction never fails halfway
   * because another connection started writing first. */
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT cbz_%u", self->depth);

  if (!_cbz_store_exec (self, sql, error))
    return FALSE;

  if (self->depth == 0)
    self->dirty = FALSE;
  self->depth++;
  return TRUE;
}

gboolean
cbz_store_commit (CbzStore  *self,
                  GError   **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE cbz_%u", self->depth - 1);

  if (!_cbz_store_exec (self, sql, error))
    return FALSE;

  self->depth--;
  if (self->depth == 0 && self->dirty)
    {
      self->dirty = FALSE;
      _cbz_store_emit_changed_now (self);
    }
  if (self->depth == 0 && self->day_refresh_pending && self->verified)
    {
      g_autoptr(GError) local_error = NULL;

      self->day_refresh_pending = FALSE;
      if (!_cbz_store_ensure_summaries_current (self, &local_error))
        g_warning ("Could not bring the summaries of %s up to date: %s", self->path, local_error->message);
    }
  return TRUE;
}

void
cbz_store_rollback (CbzStore *self)
{
  g_autofree char *sql = NULL;
  char *message = NULL;

  g_return_if_fail (CBZ_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO cbz_%u; RELEASE cbz_%u", self->depth - 1, self->depth - 1);

  /* Reset cached statements first: a statement still active can keep a
   * ROLLBACK from completing. */
  {
    GHashTableIter iter;
    gpointer stmt;

    g_hash_table_iter_init (&iter, self->statements);
    while (g_hash_table_iter_next (&iter, NULL, &stmt))
      sqlite3_reset (stmt);
  }

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_warning ("Could not roll back a transaction on %s: %s", self->path, message);
      sqlite3_free (message);
    }

  self->depth--;
  if (self->depth == 0)
    self->dirty = FALSE;
}

gboolean
cbz_store_in_transaction (CbzStore *self)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  return self->depth > 0;
}

void
cbz_store_mark_changed (CbzStore *self)
{
  g_return_if_fail (CBZ_IS_STORE (self));

  if (self->depth > 0)
    self->dirty = TRUE;
  else
    _cbz_store_emit_changed_now (self);
}
