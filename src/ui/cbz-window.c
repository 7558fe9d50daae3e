/* cbz-window.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-call-actions.h"
#include "cbz-debtor-detail.h"
#include "cbz-debtor-list.h"
#include "cbz-import-dialog.h"
#include "cbz-letter-batch-dialog.h"
#include "cbz-letter-window.h"
#include "cbz-outbox-window.h"
#include "cbz-send-reminder.h"
#include "cbz-window.h"

struct _CbzWindow
{
  AdwApplicationWindow  parent_instance;

  char                 *database_path;
  CbzStore             *store;
  GSettings            *settings;
  GCancellable         *cancellable;
  GFile                *pending_import;
  guint                 midnight_id;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  AdwWindowTitle       *list_title;
  CbzDebtorList        *debtor_list;
  CbzDebtorDetail      *debtor_detail;
  GtkWidget            *separator;
  AdwHeaderBar         *list_header_bar;
  GtkWidget            *search_button;
};

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_STORE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzWindow, cbz_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static void
save_window_state (CbzWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void schedule_midnight (CbzWindow *self);

/* Days overdue are counted from today: when the date changes with the
 * window open, the store recomputes them and the list and page reload. */
static void
update_today (CbzWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !cbz_store_set_today (self->store, NULL, &error))
    g_warning ("Could not move the portfolio to today’s date: %s", error->message);
}

static gboolean
on_midnight_cb (gpointer user_data)
{
  CbzWindow *self = user_data;

  self->midnight_id = 0;
  update_today (self);
  schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_midnight (CbzWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  GTimeSpan until = g_date_time_difference (tomorrow, now);

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  /* A few seconds late, so the clock has surely turned. */
  self->midnight_id = g_timeout_add_seconds ((guint) (until / G_USEC_PER_SEC) + 5,
                                             on_midnight_cb, self);
}

static void
on_active_changed_cb (CbzWindow *self)
{
  /* After a suspend the timer may be late: check when the person is back. */
  if (gtk_window_is_active (GTK_WINDOW (self)))
    update_today (self);
}

/* The integrity check runs after the list shows (see open_database_thread):
 * a damaged file is refused by the store, and the list says so. */
static void
on_store_damaged_cb (CbzWindow    *self,
                     const GError *error)
{
  g_warning ("%s", error->message);
  cbz_debtor_list_show_error (self->debtor_list, _("Could Not Open the Portfolio"), error->message);
}

static void
set_store (CbzWindow *self,
           CbzStore  *store)
{
  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_damaged_cb, self);
  g_set_object (&self->store, store);

  cbz_debtor_list_set_store (self->debtor_list, store);
  cbz_debtor_detail_set_store (self->debtor_detail, store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  if (store != NULL)
    {
      g_signal_connect_object (store, "damaged", G_CALLBACK (on_store_damaged_cb), self,
                               G_CONNECT_SWAPPED);
      if (cbz_store_get_damage (store) != NULL)
        {
          on_store_damaged_cb (self, cbz_store_get_damage (store));
          return;
        }
      schedule_midnight (self);
    }

  if (store != NULL && self->pending_import != NULL)
    {
      g_autoptr(GFile) file = g_steal_pointer (&self->pending_import);

      cbz_window_import (self, file);
    }
}

/* Opening may back the file up and migrate it, and recomputes stale
 * summaries: seconds on a big portfolio, so it runs on a worker thread. The
 * full integrity check, seconds more, runs after the list shows (the store
 * refuses writes until it passes and emits ::damaged if it fails). The connection is then handed over to the main thread, its
 * only user from then on (a hand-over, never shared: the worker does not
 * touch it after returning it). */
static void
open_database_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *path = task_data;
  CbzStore *store;
  GError *error = NULL;

  store = cbz_store_open_with_flags (path, NULL, CBZ_STORE_OPEN_VERIFY_IN_BACKGROUND, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
on_database_opened_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  CbzWindow *self = CBZ_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;

  store = g_task_propagate_pointer (G_TASK (result), &error);
  if (store == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not open %s: %s", self->database_path, error->message);
      cbz_debtor_list_show_error (self->debtor_list, _("Could Not Open the Portfolio"),
                                  error->message);
      return;
    }

  set_store (self, store);
}

static void
open_database (CbzWindow *self)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, self->cancellable, on_database_opened_cb, NULL);
  g_task_set_source_tag (task, open_database);
  g_task_set_task_data (task, g_strdup (self->database_path), g_free);
  g_task_run_in_thread (task, open_database_thread);
}

static void
on_search_changed_cb (CbzWindow *self)
{
  cbz_debtor_list_set_search_text (self->debtor_list,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_stopped_cb (CbzWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_debtor_activated_cb (CbzWindow *self,
                        gint64     debtor_id)
{
  cbz_debtor_detail_set_debtor_id (self->debtor_detail, debtor_id);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_selected_debtor_changed_cb (CbzWindow *self)
{
  cbz_debtor_detail_set_debtor_id (self->debtor_detail,
                                   cbz_debtor_list_get_selected_debtor_id (self->debtor_list));
}

static void
on_detail_back_cb (CbzWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The window's buttons go on the right of whichever header bar is there. */
static void
update_title_buttons (CbzWindow *self)
{
  gboolean list_is_last = adw_leaflet_get_folded (self->leaflet) ||
                          !gtk_widget_get_visible (GTK_WIDGET (self->debtor_detail));

  adw_header_bar_set_show_end_title_buttons (self->list_header_bar, list_is_last);
}

static void
on_list_state_changed_cb (CbzWindow *self)
{
  const char *state = cbz_debtor_list_get_state (self->debtor_list);
  gboolean has_customers = g_str_equal (state, "list") || g_str_equal (state, "no-results");

  /* With nobody to show, the empty list's page gets the whole window. */
  gtk_widget_set_visible (GTK_WIDGET (self->debtor_detail), has_customers);
  gtk_widget_set_visible (self->separator, has_customers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_customers);
  gtk_widget_set_sensitive (self->search_button, has_customers);
  if (!has_customers && g_str_equal (state, "empty"))
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  update_title_buttons (self);
}

static void
on_leaflet_folded_cb (CbzWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  /* On a narrow window one tap opens the customer, like a phone list. */
  cbz_debtor_list_set_single_click_activate (self->debtor_list, folded);
  update_title_buttons (self);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzWindow *self = CBZ_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CbzWindow *self = CBZ_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static gboolean
cbz_window_close_request (GtkWindow *window)
{
  CbzWindow *self = CBZ_WINDOW (window);

  save_window_state (self);

  return GTK_WINDOW_CLASS (cbz_window_parent_class)->close_request (window);
}

static void
cbz_window_constructed (GObject *object)
{
  CbzWindow *self = CBZ_WINDOW (object);

  G_OBJECT_CLASS (cbz_window_parent_class)->constructed (object);

  g_return_if_fail (self->database_path != NULL);
  open_database (self);
}

static void
cbz_window_dispose (GObject *object)
{
  CbzWindow *self = CBZ_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->midnight_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_WINDOW);

  g_clear_object (&self->store);
  g_clear_object (&self->pending_import);

  G_OBJECT_CLASS (cbz_window_parent_class)->dispose (object);
}

static void
cbz_window_finalize (GObject *object)
{
  CbzWindow *self = CBZ_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (cbz_window_parent_class)->finalize (object);
}

static void
cbz_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CbzWindow *self = CBZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CbzWindow *self = CBZ_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_window_class_init (CbzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cbz_window_constructed;
  object_class->dispose = cbz_window_dispose;
  object_class->finalize = cbz_window_finalize;
  object_class->get_property = cbz_window_get_property;
  object_class->set_property = cbz_window_set_property;

  window_class->close_request = cbz_window_close_request;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CBZ_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CBZ_TYPE_DEBTOR_LIST);
  g_type_ensure (CBZ_TYPE_DEBTOR_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, debtor_list);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, debtor_detail);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, separator);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, list_header_bar);
  gtk_widget_class_bind_template_child (widget_class, CbzWindow, search_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_debtor_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_debtor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_state_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  cbz_letter_batch_dialog_install_action (widget_class);
  cbz_outbox_window_install_action (widget_class);
}

static void
cbz_window_init (CbzWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
#if DEVELOPMENT_PROFILE
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
  cbz_letter_window_add_to_detail (self->debtor_detail);
  cbz_send_reminder_add_to_detail (self->debtor_detail);
  cbz_call_actions_add_to_detail (self->debtor_detail);

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed_cb), NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  on_leaflet_folded_cb (self);
  on_list_state_changed_cb (self);
}

CbzWindow *
cbz_window_new (CbzApplication *application,
                const char     *database_path)
{
  g_return_val_if_fail (CBZ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_object_new (CBZ_TYPE_WINDOW,
                       "application", application,
                       "database-path", database_path,
                       NULL);
}

CbzStore *
cbz_window_get_store (CbzWindow *self)
{
  g_return_val_if_fail (CBZ_IS_WINDOW (self), NULL);

  return self->store;
}

const char *
cbz_window_get_database_path (CbzWindow *self)
{
  g_return_val_if_fail (CBZ_IS_WINDOW (self), NULL);

  return self->database_path;
}

void
cbz_window_import (CbzWindow *self,
                   GFile     *file)
{
  CbzImportDialog *dialog;

  g_return_if_fail (CBZ_IS_WINDOW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (self->store == NULL)
    {
      /* Still opening: import as soon as the portfolio is ready. */
      if (file != NULL)
        g_set_object (&self->pending_import, file);
      return;
    }

  dialog = cbz_import_dialog_new (GTK_WINDOW (self), self->store);
  gtk_window_present (GTK_WINDOW (dialog));
  if (file != NULL)
    cbz_import_dialog_open_file (dialog, file);
  else
    cbz_import_dialog_choose_file (dialog);
}

void
cbz_window_add_toast (CbzWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (CBZ_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
cbz_window_show_debtor (CbzWindow *self,
                        gint64     debtor_id)
{
  g_return_if_fail (CBZ_IS_WINDOW (self));

  cbz_debtor_list_select_debtor (self->debtor_list, debtor_id);
  on_debtor_activated_cb (self, debtor_id);
}
