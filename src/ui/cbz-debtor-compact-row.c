/* cbz-debtor-compact-row.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-debtor-compact-row.h"
#include "cbz-money.h"
#include "cbz-ui-format.h"

struct _CbzDebtorCompactRow
{
  GtkWidget     parent_instance;

  CbzDebtorRow *row;

  GtkWidget    *box;
  GtkLabel     *name_label;
  GtkLabel     *amount_label;
  GtkLabel     *more_label;
  GtkLabel     *age_badge;
};

enum {
  PROP_0,
  PROP_ROW,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzDebtorCompactRow, cbz_debtor_compact_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
update (CbzDebtorCompactRow *self)
{
  g_autofree char *amount = NULL;
  g_autofree char *more = NULL;
  g_autofree char *more_tooltip = NULL;
  gint64 overdue;

  if (self->row == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->amount_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);
      gtk_label_set_label (self->age_badge, "");
      return;
    }

  overdue = cbz_debtor_row_get_overdue_balance (self->row);
  amount = cbz_money_format (cbz_money_init (overdue, cbz_debtor_row_get_currency (self->row)), NULL);
  more = cbz_ui_format_other_currencies (cbz_debtor_row_get_other_currency_codes (self->row), &more_tooltip);

  gtk_label_set_label (self->name_label, cbz_debtor_row_get_name (self->row));
  gtk_label_set_label (self->amount_label, amount);
  if (overdue == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->amount_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->amount_label), "dim-label");
  gtk_label_set_label (self->more_label, more != NULL ? more : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->more_label), more_tooltip);
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), more != NULL);
  cbz_ui_format_aging_badge (self->age_badge,
                             cbz_debtor_row_get_days_overdue (self->row),
                             cbz_debtor_row_get_open_count (self->row) > 0);
}

static void
cbz_debtor_compact_row_dispose (GObject *object)
{
  CbzDebtorCompactRow *self = CBZ_DEBTOR_COMPACT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_DEBTOR_COMPACT_ROW);
  /* The template's top box is a plain child of this widget. */
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->row);

  G_OBJECT_CLASS (cbz_debtor_compact_row_parent_class)->dispose (object);
}

static void
cbz_debtor_compact_row_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CbzDebtorCompactRow *self = CBZ_DEBTOR_COMPACT_ROW (object);

  switch (prop_id)
    {
    case PROP_ROW:
      g_value_set_object (value, self->row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_compact_row_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CbzDebtorCompactRow *self = CBZ_DEBTOR_COMPACT_ROW (object);

  switch (prop_id)
    {
    case PROP_ROW:
      cbz_debtor_compact_row_set_row (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_compact_row_class_init (CbzDebtorCompactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_debtor_compact_row_dispose;
  object_class->get_property = cbz_debtor_compact_row_get_property;
  object_class->set_property = cbz_debtor_compact_row_set_property;

  properties[PROP_ROW] =
    g_param_spec_object ("row", NULL, NULL, CBZ_TYPE_DEBTOR_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-debtor-compact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorCompactRow, box);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorCompactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorCompactRow, amount_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorCompactRow, more_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorCompactRow, age_badge);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cbz_debtor_compact_row_init (CbzDebtorCompactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cbz_debtor_compact_row_new (void)
{
  return g_object_new (CBZ_TYPE_DEBTOR_COMPACT_ROW, NULL);
}

void
cbz_debtor_compact_row_set_row (CbzDebtorCompactRow *self,
                                CbzDebtorRow        *row)
{
  g_return_if_fail (CBZ_IS_DEBTOR_COMPACT_ROW (self));
  g_return_if_fail (row == NULL || CBZ_IS_DEBTOR_ROW (row));

  if (!g_set_object (&self->row, row))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
}

CbzDebtorRow *
cbz_debtor_compact_row_get_row (CbzDebtorCompactRow *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_COMPACT_ROW (self), NULL);
  return self->row;
}
