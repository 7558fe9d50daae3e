/* cbz-outbox-window.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window and its list: the views by state with their counts, read on
 * the store's worker connections and applied as the smallest change. The
 * decisions about a message and Send Queued Now have files of their own.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-outbox-row.h"
#include "cbz-outbox-window-private.h"
#include "cbz-window.h"

/* Rows read for one view: enough for a long day's run, few enough that the
 * list stays light; the counts always cover the whole outbox. */
#define MAX_ROWS 2000
/* Changes arrive in bursts while sending: read again once they settle. */
#define RELOAD_DELAY_MS 150
#define OUTBOX_WINDOW_KEY "cbz-outbox-window"

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzOutboxWindow, cbz_outbox_window, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

static void start_load (CbzOutboxWindow *self);

void
_cbz_outbox_window_show_toast (CbzOutboxWindow *self,
                               const char      *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

CbzOutboxItem *
_cbz_outbox_window_find_item (CbzOutboxWindow *self,
                              gint64           id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CbzOutboxItem) item = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (cbz_outbox_item_get_id (item) == id)
        return g_steal_pointer (&item);
    }
  return NULL;
}

static void on_store_changed_cb (CbzOutboxWindow *self);

void
_cbz_outbox_window_notify_main_store (CbzOutboxWindow *self)
{
  self->main_dirty = FALSE;
  if (self->store == NULL)
    return;
  g_signal_handlers_block_by_func (self->store, on_store_changed_cb, self);
  cbz_store_mark_changed (self->store);
  g_signal_handlers_unblock_by_func (self->store, on_store_changed_cb, self);
}

static gboolean
on_reload_timeout_cb (gpointer user_data)
{
  CbzOutboxWindow *self = user_data;

  self->reload_id = 0;
  if (self->main_dirty)
    _cbz_outbox_window_notify_main_store (self);
  start_load (self);
  return G_SOURCE_REMOVE;
}

void
_cbz_outbox_window_schedule_reload (CbzOutboxWindow *self)
{
  if (self->disposed || self->reload_id != 0)
    return;
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout_cb, self);
}

void
_cbz_outbox_window_update_actions (CbzOutboxWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.send-queued",
                                 !_cbz_outbox_window_is_sending (self) &&
                                 self->counts[CBZ_OUTBOX_STATE_QUEUED] > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.stop-sending",
                                 _cbz_outbox_window_can_stop_sending (self));
}

static void
update_badges (CbzOutboxWindow *self)
{
  for (CbzOutboxFilter filter = CBZ_OUTBOX_FILTER_ATTENTION; filter <= CBZ_OUTBOX_FILTER_ALL; filter++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (self->filter_stack, cbz_outbox_filter_to_string (filter));
      AdwViewStackPage *page = adw_view_stack_get_page (self->filter_stack, child);
      guint64 count = cbz_outbox_filter_count (filter, self->counts);

      /* "All" and "Sent" only grow: a number there is noise. */
      adw_view_stack_page_set_badge_number (page, filter == CBZ_OUTBOX_FILTER_ATTENTION ||
                                                  filter == CBZ_OUTBOX_FILTER_QUEUED
                                                  ? (guint) MIN (count, G_MAXUINT) : 0);
      if (filter == CBZ_OUTBOX_FILTER_ATTENTION)
        adw_view_stack_page_set_needs_attention (page, self->counts[CBZ_OUTBOX_STATE_UNKNOWN] > 0);
    }
}

static void
update_content (CbzOutboxWindow *self)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  guint64 total = cbz_outbox_filter_count (self->filter, self->counts);

  if (!self->loaded)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "error") == 0)
    return;

  if (cbz_outbox_filter_count (CBZ_OUTBOX_FILTER_ALL, self->counts) == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (n_rows == 0)
    {
      switch (self->filter)
        {
        case CBZ_OUTBOX_FILTER_ATTENTION:
          adw_status_page_set_title (self->no_results_page, _("Nothing Needs Attention"));
          adw_status_page_set_description (self->no_results_page,
                                           _("No message is held or failed: every reminder reached the provider."));
          break;
        case CBZ_OUTBOX_FILTER_QUEUED:
          adw_status_page_set_title (self->no_results_page, _("Nothing Is Queued"));
          adw_status_page_set_description (self->no_results_page,
                                           _("Every reminder has been handed to its provider."));
          break;
        case CBZ_OUTBOX_FILTER_SENT:
        case CBZ_OUTBOX_FILTER_ALL:
        default:
          adw_status_page_set_title (self->no_results_page, _("Nothing Sent Yet"));
          adw_status_page_set_description (self->no_results_page,
                                           _("Messages the providers accepted are listed here."));
          break;
        }
      gtk_stack_set_visible_child_name (self->content_stack, "no-results");
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  if (total > n_rows)
    {
      g_autofree char *text = NULL;

      /* Translators: the first %u is at most 2000; the second is the total. */
      text = g_strdup_printf (ngettext ("Showing the newest %u of %llu message",
                                        "Showing the newest %u of %llu messages", (gulong) total),
                              n_rows, (unsigned long long) total);
      gtk_label_set_label (self->limit_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->limit_label), total > n_rows);
}

/* Replaces the rows with @items, telling the view only about the stretch
 * that changed, so scrolling and focus stay where they were. */
static void
apply_items (CbzOutboxWindow *self,
             GPtrArray       *items)
{
  GListModel *model = G_LIST_MODEL (self->messages);
  guint old_n = g_list_model_get_n_items (model);
  guint new_n = items->len;
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < old_n && prefix < new_n)
    {
      g_autoptr(CbzOutboxItem) old = g_list_model_get_item (model, prefix);

      if (!cbz_outbox_item_equal (old, g_ptr_array_index (items, prefix)))
        break;
      prefix++;
    }
  while (suffix < old_n - prefix && suffix < new_n - prefix)
    {
      g_autoptr(CbzOutboxItem) old = g_list_model_get_item (model, old_n - 1 - suffix);

      if (!cbz_outbox_item_equal (old, g_ptr_array_index (items, new_n - 1 - suffix)))
        break;
      suffix++;
    }
  if (old_n - prefix - suffix == 0 && new_n - prefix - suffix == 0)
    return;
  g_list_store_splice (self->messages, prefix, old_n - prefix - suffix,
                       items->pdata + prefix, new_n - prefix - suffix);
}

/* The items of a listing, with their customers' names; takes the
 * messages. (element-type CbzOutboxItem) */
static GPtrArray *
make_items (CbzOutboxListing *listing)
{
  GPtrArray *items = g_ptr_array_new_full (listing->messages->len, g_object_unref);

  g_ptr_array_set_free_func (listing->messages, NULL);
  for (guint i = 0; i < listing->messages->len; i++)
    {
      CbzOutboxMessage *message = g_ptr_array_index (listing->messages, i);

      g_ptr_array_add (items, cbz_outbox_item_new (message, g_hash_table_lookup (listing->customer_names,
                                                                                   &message->debtor_id)));
    }
  g_ptr_array_set_size (listing->messages, 0);
  return items;
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CbzOutboxWindow) self = user_data;
  g_autoptr(CbzOutboxListing) listing = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  listing = cbz_outbox_list_filter_finish (CBZ_OUTBOX (source), result, &error);
  if (listing == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
        return;
      g_warning ("Could not read the outbox: %s", error->message);
      self->loaded = TRUE;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }
  if (self->disposed)
    return;

  memcpy (self->counts, listing->counts, sizeof self->counts);
  update_badges (self);
  _cbz_outbox_window_update_actions (self);
  /* The person switched views meanwhile: that view's rows are on their way. */
  if (listing->filter != self->filter || self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_load (self);
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "error") == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  items = make_items (listing);
  apply_items (self, items);
  self->loaded = TRUE;
  update_content (self);
}

static void
start_load (CbzOutboxWindow *self)
{
  if (self->disposed)
    return;
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  self->loading = TRUE;
  cbz_outbox_list_filter_async (self->outbox, self->filter, MAX_ROWS, self->cancellable,
                                on_loaded_cb, g_object_ref (self));
}

static void
on_store_changed_cb (CbzOutboxWindow *self)
{
  _cbz_outbox_window_schedule_reload (self);
}

static void
on_filter_changed_cb (CbzOutboxWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->filter_stack);
  CbzOutboxFilter filter;

  if (name != NULL && cbz_outbox_filter_from_string (name, &filter) && filter != self->filter)
    {
      self->filter = filter;
      start_load (self);
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, cbz_outbox_row_new ());
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  cbz_outbox_row_set_item (CBZ_OUTBOX_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  cbz_outbox_row_set_item (CBZ_OUTBOX_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* The main window's "Outbox" menu item: one outbox window per main window. */
static void
on_outbox_window_destroyed_cb (GtkWidget *main_window)
{
  g_object_set_data (G_OBJECT (main_window), OUTBOX_WINDOW_KEY, NULL);
}

static void
outbox_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzStore *store = cbz_window_get_store (CBZ_WINDOW (widget));
  GtkWindow *outbox = g_object_get_data (G_OBJECT (widget), OUTBOX_WINDOW_KEY);

  if (outbox == NULL)
    {
      if (store == NULL)
        return;
      outbox = GTK_WINDOW (cbz_outbox_window_new (GTK_WINDOW (widget), store));
      g_object_set_data (G_OBJECT (widget), OUTBOX_WINDOW_KEY, outbox);
      g_signal_connect_object (outbox, "destroy", G_CALLBACK (on_outbox_window_destroyed_cb), widget,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (outbox);
}

/* GObject */

static void
cbz_outbox_window_constructed (GObject *object)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (object);

  G_OBJECT_CLASS (cbz_outbox_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  self->outbox = cbz_outbox_new (self->store);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_content (self);
  _cbz_outbox_window_update_actions (self);
  start_load (self);
}

static void
cbz_outbox_window_dispose (GObject *object)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  _cbz_outbox_window_stop_sending (self);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_OUTBOX_WINDOW);

  g_clear_object (&self->outbox);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_outbox_window_parent_class)->dispose (object);
}

static void
cbz_outbox_window_finalize (GObject *object)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->send_cancellable);
  g_clear_object (&self->sender);
  g_clear_object (&self->messages);
  g_clear_pointer (&self->accounts, cbz_sender_accounts_free);

  G_OBJECT_CLASS (cbz_outbox_window_parent_class)->finalize (object);
}

static void
cbz_outbox_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_outbox_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_outbox_window_class_init (CbzOutboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cbz_outbox_window_constructed;
  object_class->dispose = cbz_outbox_window_dispose;
  object_class->finalize = cbz_outbox_window_finalize;
  object_class->get_property = cbz_outbox_window_get_property;
  object_class->set_property = cbz_outbox_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CBZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CBZ_TYPE_OUTBOX_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-outbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, filter_stack);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, CbzOutboxWindow, limit_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);

  _cbz_outbox_window_class_init_send (widget_class);
  _cbz_outbox_window_class_init_decisions (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_outbox_window_init (CbzOutboxWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->messages = g_list_store_new (CBZ_TYPE_OUTBOX_ITEM);
  self->filter = CBZ_OUTBOX_FILTER_ATTENTION;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->messages)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

/* Public API */

CbzOutboxWindow *
cbz_outbox_window_new (GtkWindow *parent,
                       CbzStore  *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  /* One of the application's windows: app.preferences and the app-wide
   * shortcuts (Ctrl+W, Ctrl+Q) work in it too. */
  return g_object_new (CBZ_TYPE_OUTBOX_WINDOW,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "store", store,
                       NULL);
}

void
cbz_outbox_window_install_action (GtkWidgetClass *window_class)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (window_class));

  gtk_widget_class_install_action (window_class, "win.outbox", NULL, outbox_action_cb);
  gtk_widget_class_add_binding_action (window_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.outbox", NULL);
}

GListModel *
cbz_outbox_window_get_model (CbzOutboxWindow *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_WINDOW (self), NULL);

  return G_LIST_MODEL (self->messages);
}

const char *
cbz_outbox_window_get_filter (CbzOutboxWindow *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_WINDOW (self), NULL);

  return cbz_outbox_filter_to_string (self->filter);
}

void
cbz_outbox_window_set_filter (CbzOutboxWindow *self,
                              const char      *filter)
{
  g_return_if_fail (CBZ_IS_OUTBOX_WINDOW (self));
  g_return_if_fail (filter != NULL);

  adw_view_stack_set_visible_child_name (self->filter_stack, filter);
}

guint64
cbz_outbox_window_get_count (CbzOutboxWindow *self,
                             CbzOutboxState   state)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_WINDOW (self), 0);
  g_return_val_if_fail (state < CBZ_OUTBOX_N_STATES, 0);

  return self->counts[state];
}

const char *
cbz_outbox_window_get_state (CbzOutboxWindow *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

gboolean
cbz_outbox_window_is_busy (CbzOutboxWindow *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX_WINDOW (self), FALSE);

  return self->loading || self->reload_pending || self->reload_id != 0 || self->n_decisions > 0 ||
         _cbz_outbox_window_is_sending (self);
}
