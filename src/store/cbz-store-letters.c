/* cbz-store-letters.c: letter templates (table letter_templates) and the
 * customers a batch of letters is for
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-store-letters.h"
#include "cbz-store-private.h"

/* Letters are written in Spanish or English; anything else is Spanish. */
static const char *
template_language (const char *language)
{
  if (language != NULL && g_ascii_strncasecmp (language, "en", 2) == 0)
    return "en";
  return "es";
}

gboolean
cbz_store_get_letter_template (CbzStore    *self,
                               int          level,
                               const char  *language,
                               char       **out_text,
                               GError     **error)
{
  static const char sql[] = "SELECT body FROM letter_templates WHERE level = ?1 AND language = ?2";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_text != NULL, FALSE);

  *out_text = NULL;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, level);
  sqlite3_bind_text (stmt, 2, template_language (language), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_text = _cbz_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return FALSE;
    }
  return TRUE;
}

gboolean
cbz_store_set_letter_template (CbzStore    *self,
                               int          level,
                               const char  *language,
                               const char  *text,
                               GError     **error)
{
  static const char sql[] =
    "INSERT INTO letter_templates (level, language, body, updated_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (level, language) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, level);
  sqlite3_bind_text (stmt, 2, template_language (language), -1, SQLITE_STATIC);
  _cbz_bind_text (stmt, 3, text);
  sqlite3_bind_int64 (stmt, 4, cbz_store_now ());
  return _cbz_store_step_done (self, stmt, sql, error);
}

gboolean
cbz_store_reset_letter_template (CbzStore    *self,
                                 int          level,
                                 const char  *language,
                                 GError     **error)
{
  static const char sql[] = "DELETE FROM letter_templates WHERE level = ?1 AND language = ?2";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, level);
  sqlite3_bind_text (stmt, 2, template_language (language), -1, SQLITE_STATIC);
  return _cbz_store_step_done (self, stmt, sql, error);
}

/**
 * cbz_store_list_letter_recipients:
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the customers'
 *   ids, or %NULL with @error set.
 */
GArray *
cbz_store_list_letter_recipients (CbzStore  *self,
                                  int        min_days,
                                  int        max_days,
                                  GError   **error)
{
  static const char sql[] =
    "SELECT s.debtor_id FROM debtor_summaries s JOIN debtors d ON d.id = s.debtor_id "
    "WHERE s.overdue_balance > 0 AND s.days_overdue >= ?1 AND s.days_overdue < ?2 "
    "AND d.opt_out_letter = 0 ORDER BY d.name_key, d.id";
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, min_days);
  sqlite3_bind_int (stmt, 2, max_days);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
