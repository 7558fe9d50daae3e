/* cbz-ui-format.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cbz-aging.h"
#include "cbz-template.h"
#include "cbz-ui-format.h"

static void format_badge (GtkLabel *badge,
                          gint64    days_overdue,
                          gboolean  owes,
                          gboolean  compact);

static GDateTime *
local_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (utc == NULL)
    return NULL;
  return g_date_time_to_local (utc);
}

static int
days_since (GDateTime *then)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, g_date_time_get_day_of_month (then), g_date_time_get_month (then),
                  g_date_time_get_year (then));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return g_date_days_between (&a, &b);
}

char *
cbz_ui_format_relative_day (gint64 usec)
{
  g_autoptr(GDateTime) then = NULL;
  int days;

  if (usec == 0 || (then = local_from_usec (usec)) == NULL)
    return g_strdup (C_("last contact", "Never"));

  days = days_since (then);
  if (days <= 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (days < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);
  if (days < 730)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month ago", "%d months ago", days / 30),
                            days / 30);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year ago", "%d years ago", days / 365),
                          days / 365);
}

char *
cbz_ui_format_date_time (gint64 usec)
{
  g_autoptr(GDateTime) then = NULL;

  if (usec == 0 || (then = local_from_usec (usec)) == NULL)
    return NULL;
  /* Translators: a date and time, see g_date_time_format(); e.g. "15 Mar 2026, 14:05". */
  return g_date_time_format (then, _("%e %b %Y, %H:%M"));
}

char *
cbz_ui_format_short_time (gint64 usec)
{
  g_autoptr(GDateTime) then = NULL;
  int days;

  if (usec == 0 || (then = local_from_usec (usec)) == NULL)
    return g_strdup ("");

  days = days_since (then);
  if (days == 0)
    return g_date_time_format (then, "%H:%M");
  /* Translators: a short date, see g_date_time_format(); e.g. "15 Mar 2026". */
  return g_strstrip (g_date_time_format (then, _("%e %b %Y")));
}

char *
cbz_ui_format_iso_date (const char *iso)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (iso == NULL)
    return g_strdup ("");
  if (sscanf (iso, "%d-%d-%d", &year, &month, &day) != 3 ||
      (date = g_date_time_new_local (year, month, day, 0, 0, 0)) == NULL)
    return g_strdup (iso);
  /* Translators: a compact date for tables, see g_date_time_format(); e.g. "15/03/2026". */
  return g_date_time_format (date, _("%d/%m/%Y"));
}

void
cbz_ui_format_aging_badge (GtkLabel *badge,
                           gint64    days_overdue,
                           gboolean  owes)
{
  format_badge (badge, days_overdue, owes, FALSE);
}

void
cbz_ui_format_aging_badge_compact (GtkLabel *badge,
                                   gint64    days_overdue,
                                   gboolean  owes)
{
  format_badge (badge, days_overdue, owes, TRUE);
}

static void
format_badge (GtkLabel *badge,
              gint64    days_overdue,
              gboolean  owes,
              gboolean  compact)
{
  GtkWidget *widget = GTK_WIDGET (badge);
  CbzAgingBucket bucket = cbz_aging_bucket_for_days (days_overdue);
  g_autofree char *text = NULL;

  for (guint i = 0; i < CBZ_AGING_N_BUCKETS; i++)
    gtk_widget_remove_css_class (widget, cbz_aging_bucket_get_css_class (i));
  gtk_widget_remove_css_class (widget, "paid");

  if (!owes)
    {
      gtk_label_set_label (badge, C_("aging", "Paid"));
      gtk_widget_add_css_class (widget, "paid");
      gtk_widget_set_tooltip_text (widget, _("Nothing owed"));
      return;
    }

  if (days_overdue <= 0)
    text = g_strdup (compact ? "0" : C_("aging", "Not due"));
  else
    {
      int days = (int) MIN (days_overdue, G_MAXINT);

      if (compact)
        text = g_strdup_printf ("%d", days);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), days);
    }
  gtk_label_set_label (badge, text);
  gtk_widget_add_css_class (widget, cbz_aging_bucket_get_css_class (bucket));
  gtk_widget_set_tooltip_text (widget, cbz_aging_bucket_get_label (bucket));
}

void
cbz_ui_mark_template_problems (GtkTextBuffer *buffer,
                               const char    *text,
                               GPtrArray     *problems)
{
  GtkTextIter start, end;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));
  g_return_if_fail (text != NULL && problems != NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "problem", &start, &end);
  for (guint i = 0; i < problems->len; i++)
    {
      CbzTemplateDiagnostic *d = g_ptr_array_index (problems, i);
      glong from = g_utf8_pointer_to_offset (text, text + d->offset);
      glong to = g_utf8_pointer_to_offset (text, text + d->offset + d->length);

      /* At least one character, so a problem at the very end shows too. */
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) MAX (to, from + 1));
      gtk_text_buffer_apply_tag_by_name (buffer, "problem", &start, &end);
    }
}

char *
cbz_ui_format_other_currencies (const char * const  *codes,
                                char               **out_tooltip)
{
  g_autofree char *list = NULL;
  guint n;

  g_return_val_if_fail (out_tooltip != NULL, NULL);

  *out_tooltip = NULL;
  n = codes != NULL ? g_strv_length ((char **) codes) : 0;
  if (n == 0)
    return NULL;

  /* ISO 4217 codes, the same in every language. */
  list = g_strjoinv (", ", (char **) codes);
  *out_tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: %u is how many, %s their codes ("EUR, USD") */
                                               "Also owes invoices in %u other currency (%s), not counted in this amount",
                                               "Also owes invoices in %u other currencies (%s), not counted in this amount",
                                               n),
                                  n, list);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: after an amount: the customer also owes in other currencies */
                                       "+ %u currency", "+ %u currencies", n),
                          n);
}
