/* cbz-debtor-detail.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cbz-aging.h"
#include "cbz-debtor-detail-private.h"
#include "cbz-ui-format.h"

enum {
  PROP_0,
  PROP_STORE,
  PROP_DEBTOR_ID,
  PROP_SHOW_BACK_BUTTON,
  N_PROPS
};

enum {
  BACK,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzDebtorDetail, cbz_debtor_detail, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean has_value = value != NULL && value[0] != '\0';

  adw_action_row_set_subtitle (row, has_value ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), has_value);
}

static char *
format_address (const CbzDebtor *debtor)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *parts[] = { debtor->address, debtor->city, debtor->region, debtor->postal_code,
                          debtor->country };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || parts[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, i == 0 ? "\n" : ", ");
      g_string_append (text, parts[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
get_language_name (const char *code)
{
  if (g_strcmp0 (code, "es") == 0)
    return _("Spanish");
  if (g_strcmp0 (code, "en") == 0)
    return _("English");
  if (g_strcmp0 (code, "pt") == 0)
    return _("Portuguese");
  return code;
}

static char *
format_opt_outs (const CbzDebtor *debtor)
{
  static const CbzEventChannel channels[] = {
    CBZ_EVENT_CHANNEL_SMS, CBZ_EVENT_CHANNEL_WHATSAPP, CBZ_EVENT_CHANNEL_EMAIL,
    CBZ_EVENT_CHANNEL_LETTER, CBZ_EVENT_CHANNEL_PHONE,
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      if (!cbz_debtor_get_opt_out (debtor, channels[i]))
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, cbz_event_channel_get_label (channels[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
show_contact (CbzDebtorDetail *self)
{
  const CbzDebtor *debtor = self->debtor;
  g_autofree char *address = format_address (debtor);
  g_autofree char *opt_outs = format_opt_outs (debtor);
  g_autofree char *tags = NULL;

  gtk_label_set_label (self->name_label, debtor->name);
  _cbz_debtor_detail_show_tax_id (self);
  set_row (self->contact_person_row, debtor->contact_person);
  set_row (self->phone_row, debtor->phone);
  set_row (self->mobile_row, debtor->mobile);
  set_row (self->whatsapp_row, debtor->whatsapp);
  set_row (self->email_row, debtor->email);
  set_row (self->address_row, address);
  set_row (self->language_row, get_language_name (debtor->language));
  adw_action_row_set_subtitle (self->opt_out_row,
                               opt_outs[0] != '\0' ? opt_outs : _("Accepts every channel"));
  if (debtor->tags != NULL && debtor->tags[0] != NULL)
    tags = g_strjoinv (", ", debtor->tags);
  set_row (self->tags_row, tags);
}


static void
on_timeline_items_changed_cb (CbzDebtorDetail *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->timeline)) == 0;

  gtk_stack_set_visible_child_name (self->timeline_stack, empty ? "empty" : "list");
}

/* Reads the customer and their invoices: two indexed queries of one debtor's
 * rows, a few milliseconds, so done here on the main thread like the list
 * model's reloads. */
static void
reload (CbzDebtorDetail *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(GPtrArray) invoices = NULL;

  if (self->store == NULL || self->debtor_id == 0)
    {
      g_clear_pointer (&self->debtor, cbz_debtor_unref);
      g_list_store_remove_all (self->invoices);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  debtor = cbz_store_get_debtor (self->store, self->debtor_id, &error);
  if (debtor != NULL)
    invoices = cbz_store_list_invoices (self->store, self->debtor_id, TRUE, &error);
  if (debtor == NULL || invoices == NULL)
    {
      g_clear_pointer (&self->debtor, cbz_debtor_unref);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->debtor, cbz_debtor_unref);
  self->debtor = g_steal_pointer (&debtor);
  show_contact (self);
  _cbz_debtor_detail_show_invoices (self, invoices);
  gtk_stack_set_visible_child_name (self->stack, "debtor");
}

static void
on_store_changed_cb (CbzDebtorDetail *self)
{
  reload (self);
}

static void
on_back_clicked_cb (CbzDebtorDetail *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

/* Timeline rows */

static void
setup_event_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *summary = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "timeline-row");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "timeline-icon");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (summary), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");

  gtk_box_append (GTK_BOX (text), summary);
  gtk_box_append (GTK_BOX (text), meta);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text);
  gtk_list_item_set_child (item, row);
}

static void
bind_event_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  CbzEvent *event = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (row);
  GtkWidget *summary = gtk_widget_get_first_child (gtk_widget_get_next_sibling (icon));
  GtkWidget *meta = gtk_widget_get_next_sibling (summary);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *when = cbz_ui_format_date_time (cbz_event_get_occurred_at (event));
  CbzEventChannel channel = cbz_event_get_channel (event);
  CbzDeliveryState state = cbz_event_get_delivery_state (event);

  g_string_append (text, when != NULL ? when : "");
  g_string_append (text, " · ");
  g_string_append (text, cbz_event_kind_get_label (cbz_event_get_kind (event)));
  if (channel != CBZ_EVENT_CHANNEL_NONE)
    g_string_append_printf (text, " · %s", cbz_event_channel_get_label (channel));
  if (state != CBZ_DELIVERY_STATE_NONE)
    g_string_append_printf (text, " · %s", cbz_delivery_state_get_label (state));

  gtk_image_set_from_icon_name (GTK_IMAGE (icon),
                                cbz_event_kind_get_icon_name (cbz_event_get_kind (event)));
  gtk_label_set_label (GTK_LABEL (summary), cbz_event_get_summary (event));
  gtk_widget_set_tooltip_text (summary, cbz_event_get_body (event));
  gtk_label_set_label (GTK_LABEL (meta), text->str);
}

/* The page asks for a fixed natural width, whatever the customer: the list
 * next to it takes the rest of the window, and neither jumps about when
 * another customer with longer invoice numbers is chosen. */
#define NATURAL_WIDTH 480

static void
cbz_debtor_detail_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child == NULL)
    return;

  gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, NATURAL_WIDTH);
}

static void
cbz_debtor_detail_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
cbz_debtor_detail_dispose (GObject *object)
{
  CbzDebtorDetail *self = CBZ_DEBTOR_DETAIL (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_DEBTOR_DETAIL);
  /* The template's top box is a plain child of this widget. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  g_clear_object (&self->timeline);
  g_clear_object (&self->invoices);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->debtor, cbz_debtor_unref);
  for (guint i = 0; i < CBZ_DEBTOR_DETAIL_N_RECORD_SECTIONS; i++)
    g_clear_object (&self->record_sections[i]);

  G_OBJECT_CLASS (cbz_debtor_detail_parent_class)->dispose (object);
}

static void
cbz_debtor_detail_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CbzDebtorDetail *self = CBZ_DEBTOR_DETAIL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DEBTOR_ID:
      g_value_set_int64 (value, self->debtor_id);
      break;

    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, self->show_back_button);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_detail_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CbzDebtorDetail *self = CBZ_DEBTOR_DETAIL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      cbz_debtor_detail_set_store (self, g_value_get_object (value));
      break;

    case PROP_DEBTOR_ID:
      cbz_debtor_detail_set_debtor_id (self, g_value_get_int64 (value));
      break;

    case PROP_SHOW_BACK_BUTTON:
      if (self->show_back_button != g_value_get_boolean (value))
        {
          self->show_back_button = g_value_get_boolean (value);
          /* Shown alone on a narrow window: labels go under the icons, so
           * a phone-sized window fits. */
          adw_view_switcher_set_policy (self->view_switcher,
                                        self->show_back_button ? ADW_VIEW_SWITCHER_POLICY_NARROW
                                                               : ADW_VIEW_SWITCHER_POLICY_WIDE);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_detail_class_init (CbzDebtorDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_debtor_detail_dispose;
  object_class->get_property = cbz_debtor_detail_get_property;
  object_class->set_property = cbz_debtor_detail_set_property;

  widget_class->measure = cbz_debtor_detail_measure;
  widget_class->size_allocate = cbz_debtor_detail_size_allocate;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CBZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEBTOR_ID] =
    g_param_spec_int64 ("debtor-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK_BUTTON] =
    g_param_spec_boolean ("show-back-button", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CbzDebtorDetail::back:
   *
   * The back button was clicked (on a narrow, folded window).
   */
  signals[BACK] =
    g_signal_new ("back",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-debtor-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, error_page);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, aging_badge);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, action_box);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, status_box);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, balance_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, invoices_page);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, currencies_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, invoices_stack);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, invoice_view);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, timeline_view);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, contact_person_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, mobile_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, whatsapp_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, email_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, address_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, language_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, opt_out_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, tags_row);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);

  _cbz_debtor_detail_class_init_tax_id (widget_class);
}

static void
cbz_debtor_detail_init (CbzDebtorDetail *self)
{
  GtkListItemFactory *event_factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  _cbz_debtor_detail_init_invoices (self);

  event_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (event_factory, "setup", G_CALLBACK (setup_event_cb), NULL);
  g_signal_connect (event_factory, "bind", G_CALLBACK (bind_event_cb), NULL);
  gtk_list_view_set_factory (self->timeline_view, event_factory);
  g_object_unref (event_factory);

  gtk_stack_set_visible_child_name (self->stack, "none");
}

/* The Record menu: one section per CbzDebtorDetailRecordSection, made
 * with the first item so that a page without items shows no button. */
static void
ensure_record_button (CbzDebtorDetail *self)
{
  g_autoptr(GMenu) menu = NULL;

  if (self->record_button != NULL)
    return;

  menu = g_menu_new ();
  for (guint i = 0; i < CBZ_DEBTOR_DETAIL_N_RECORD_SECTIONS; i++)
    {
      self->record_sections[i] = g_menu_new ();
      g_menu_append_section (menu, NULL, G_MENU_MODEL (self->record_sections[i]));
    }

  self->record_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->record_button), _("_Record"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (self->record_button), TRUE);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->record_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (self->record_button,
                               _("Record a payment, a promise, a call or anything else that happened"));
  cbz_debtor_detail_add_action_widget (self, self->record_button);
}

GtkWidget *
cbz_debtor_detail_new (void)
{
  return g_object_new (CBZ_TYPE_DEBTOR_DETAIL, NULL);
}

CbzStore *
cbz_debtor_detail_get_store (CbzDebtorDetail *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_DETAIL (self), NULL);

  return self->store;
}

void
cbz_debtor_detail_set_store (CbzDebtorDetail *self,
                             CbzStore        *store)
{
  g_return_if_fail (CBZ_IS_DEBTOR_DETAIL (self));
  g_return_if_fail (store == NULL || CBZ_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->timeline != NULL)
    g_signal_handlers_disconnect_by_data (self->timeline, self);
  gtk_list_view_set_model (self->timeline_view, NULL);
  g_clear_object (&self->timeline);
  g_set_object (&self->store, store);
  self->debtor_id = 0;

  if (store != NULL)
    {
      g_autoptr(GtkNoSelection) selection = NULL;

      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      self->timeline = cbz_event_list_model_new (store, 0);
      g_signal_connect_object (self->timeline, "items-changed",
                               G_CALLBACK (on_timeline_items_changed_cb), self, G_CONNECT_SWAPPED);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->timeline)));
      gtk_list_view_set_model (self->timeline_view, GTK_SELECTION_MODEL (selection));
    }

  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gint64
cbz_debtor_detail_get_debtor_id (CbzDebtorDetail *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_DETAIL (self), 0);

  return self->debtor_id;
}

void
cbz_debtor_detail_set_debtor_id (CbzDebtorDetail *self,
                                 gint64           debtor_id)
{
  g_return_if_fail (CBZ_IS_DEBTOR_DETAIL (self));

  if (self->debtor_id == debtor_id)
    return;

  self->debtor_id = debtor_id;
  if (self->timeline != NULL)
    {
      cbz_event_list_model_set_debtor_id (self->timeline, debtor_id);
      on_timeline_items_changed_cb (self);
    }
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEBTOR_ID]);
}

CbzDebtor *
cbz_debtor_detail_get_debtor (CbzDebtorDetail *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_DETAIL (self), NULL);

  return self->debtor;
}

void
cbz_debtor_detail_add_action_widget (CbzDebtorDetail *self,
                                     GtkWidget       *widget)
{
  g_return_if_fail (CBZ_IS_DEBTOR_DETAIL (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->action_box, widget);
  gtk_widget_set_visible (GTK_WIDGET (self->action_box), TRUE);
}

void
cbz_debtor_detail_add_record_item (CbzDebtorDetail              *self,
                                   CbzDebtorDetailRecordSection  section,
                                   const char                   *label,
                                   const char                   *detailed_action)
{
  g_return_if_fail (CBZ_IS_DEBTOR_DETAIL (self));
  g_return_if_fail (section < CBZ_DEBTOR_DETAIL_N_RECORD_SECTIONS);
  g_return_if_fail (label != NULL && detailed_action != NULL);

  ensure_record_button (self);
  g_menu_append (self->record_sections[section], label, detailed_action);
}

void
cbz_debtor_detail_add_status_widget (CbzDebtorDetail *self,
                                     GtkWidget       *widget)
{
  g_return_if_fail (CBZ_IS_DEBTOR_DETAIL (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (self->status_box, widget);
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), TRUE);
}

GListModel *
cbz_debtor_detail_get_invoices (CbzDebtorDetail *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_DETAIL (self), NULL);

  return G_LIST_MODEL (self->invoices);
}

GListModel *
cbz_debtor_detail_get_timeline (CbzDebtorDetail *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_DETAIL (self), NULL);

  return self->timeline != NULL ? G_LIST_MODEL (self->timeline) : NULL;
}
