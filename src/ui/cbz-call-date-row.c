/* cbz-call-date-row.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-call-date-row.h"

struct _CbzCallDateRow
{
  AdwActionRow    parent_instance;

  CbzDate         date;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkCalendar    *calendar;
};

enum {
  PROP_0,
  PROP_DATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzCallDateRow, cbz_call_date_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties[N_PROPS];

static GDateTime *
date_time_for (CbzDate date)
{
  return g_date_time_new_local (date.year, date.month, date.day, 12, 0, 0);
}

/* The button says the day; screen readers hear the row's title with it. */
static void
show_date (CbzCallDateRow *self)
{
  g_autofree char *text = cbz_date_format_long (self->date, NULL);
  g_autofree char *spoken = NULL;
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_menu_button_set_label (self->button, text);
  /* Translators: first %s is what the day is for ("Follow-up Day"), second the day */
  spoken = g_strdup_printf (_("%s: %s"), title != NULL ? title : "", text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
on_day_selected_cb (CbzCallDateRow *self)
{
  g_autoptr(GDateTime) chosen = gtk_calendar_get_date (self->calendar);

  cbz_call_date_row_set_date (self, cbz_date_from_date_time (chosen));
  gtk_popover_popdown (self->popover);
}

static void
cbz_call_date_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CbzCallDateRow *self = CBZ_CALL_DATE_ROW (object);
  char iso[CBZ_DATE_ISO_LENGTH];

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_string (value, cbz_date_to_iso (self->date, iso));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_call_date_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CbzCallDateRow *self = CBZ_CALL_DATE_ROW (object);
  CbzDate date;

  switch (prop_id)
    {
    case PROP_DATE:
      if (cbz_date_from_iso (g_value_get_string (value), &date))
        cbz_call_date_row_set_date (self, date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_call_date_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CBZ_TYPE_CALL_DATE_ROW);

  G_OBJECT_CLASS (cbz_call_date_row_parent_class)->dispose (object);
}

static void
cbz_call_date_row_class_init (CbzCallDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_call_date_row_dispose;
  object_class->get_property = cbz_call_date_row_get_property;
  object_class->set_property = cbz_call_date_row_set_property;

  /* The day as 'YYYY-MM-DD'. */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-call-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzCallDateRow, button);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDateRow, popover);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDateRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected_cb);
}

static void
cbz_call_date_row_init (CbzCallDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self, "notify::title", G_CALLBACK (show_date), self);
  cbz_call_date_row_set_date (self, cbz_date_today ());
}

GtkWidget *
cbz_call_date_row_new (void)
{
  return g_object_new (CBZ_TYPE_CALL_DATE_ROW, NULL);
}

CbzDate
cbz_call_date_row_get_date (CbzCallDateRow *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_DATE_ROW (self), cbz_date_init (0, 0, 0));

  return self->date;
}

void
cbz_call_date_row_set_date (CbzCallDateRow *self,
                            CbzDate         date)
{
  g_autoptr(GDateTime) shown = NULL;
  g_autoptr(GDateTime) chosen = NULL;

  g_return_if_fail (CBZ_IS_CALL_DATE_ROW (self));
  g_return_if_fail (cbz_date_is_set (date));

  chosen = date_time_for (date);
  shown = gtk_calendar_get_date (self->calendar);
  if (cbz_date_compare (cbz_date_from_date_time (shown), date) != 0)
    {
      g_signal_handlers_block_by_func (self->calendar, on_day_selected_cb, self);
      gtk_calendar_select_day (self->calendar, chosen);
      g_signal_handlers_unblock_by_func (self->calendar, on_day_selected_cb, self);
    }

  if (cbz_date_equal (self->date, date))
    return;
  self->date = date;
  show_date (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}
