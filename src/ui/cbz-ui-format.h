/* cbz-ui-format.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long ago @usec (µs since the epoch, UTC) was, in days, for people:
 * "Today", "Yesterday", "3 days ago", "2 months ago"; "Never" for 0. */
char *cbz_ui_format_relative_day  (gint64      usec);
/* @usec as a local date and time ("15 Mar 2026, 14:05"), NULL for 0. */
char *cbz_ui_format_date_time     (gint64      usec);
/* @usec as a local time of day when it is today, else a short date. */
char *cbz_ui_format_short_time    (gint64      usec);
/* An ISO date ('YYYY-MM-DD') as a compact date ("15/03/2026"); a copy of
 * @iso when it cannot be read, "" for NULL. */
char *cbz_ui_format_iso_date      (const char *iso);
/* Fills an aging badge: "45 days" (or "Not due", or "Paid" when nothing is
 * owed) with the bucket's style class and a tooltip naming the bucket. */
void  cbz_ui_format_aging_badge   (GtkLabel   *badge,
                                   gint64      days_overdue,
                                   gboolean    owes);
/* The same with only the number of days, for tables of invoices. */
void  cbz_ui_format_aging_badge_compact (GtkLabel *badge,
                                         gint64    days_overdue,
                                         gboolean  owes);

/* What to show after an amount for a customer who also owes in the
 * currencies @codes (NULL or empty: nothing): "+ 2 currencies", and in
 * @out_tooltip the sentence that says so ("Also owes invoices in 2 other
 * currencies (EUR, USD), not counted in this amount"). NULL when there are
 * none. */
char *cbz_ui_format_other_currencies (const char * const *codes,
                                      char              **out_tooltip);

/* Underlines each of @problems (CbzTemplateDiagnostic, from
 * cbz_template_check on @text, the buffer's whole text) with the buffer's
 * "problem" tag, after clearing the old marks. */
void  cbz_ui_mark_template_problems (GtkTextBuffer *buffer,
                                     const char    *text,
                                     GPtrArray     *problems);

G_END_DECLS
