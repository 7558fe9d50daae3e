/* cbz-call-tasks.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-call-tasks.h"
#include "cbz-clock.h"
#include "cbz-store-calls.h"
#include "cbz-window.h"

/* A customer has a few open tasks at most: the rows are built for each
 * reading rather than kept in a list model. */
struct _CbzCallTasks
{
  AdwBin        parent_instance;

  CbzStore     *store;
  gint64        debtor_id;
  GCancellable *cancellable;   /* the reading under way */
  guint         n_open;

  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (CbzCallTasks, cbz_call_tasks, ADW_TYPE_BIN)

static void
task_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CbzCallTasks) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (cbz_store_complete_task_finish (CBZ_STORE (source), result, &error))
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (CBZ_IS_WINDOW (root))
    cbz_window_add_toast (CBZ_WINDOW (root), adw_toast_new (error->message));
}

static void
on_done_clicked_cb (GtkButton    *button,
                    CbzCallTasks *self)
{
  gint64 *task_id = g_object_get_data (G_OBJECT (button), "task-id");

  if (task_id == NULL || self->store == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  cbz_store_complete_task_async (self->store, *task_id, NULL, task_done_cb, g_object_ref (self));
}

/* "Due today", "Due tomorrow", "Due 19/03/2027", "Was due 12/03/2027". */
static char *
describe_due (CbzDate due,
              CbzDate today)
{
  g_autofree char *day = cbz_date_format_short (due, NULL);
  int days = cbz_date_days_between (today, due);

  if (days == 0)
    return g_strdup (_("Due today"));
  if (days == 1)
    return g_strdup (_("Due tomorrow"));
  if (days < 0)
    /* Translators: %s is a date */
    return g_strdup_printf (_("Was due %s"), day);
  /* Translators: %s is a date */
  return g_strdup_printf (_("Due %s"), day);
}

static GtkWidget *
make_row (CbzCallTasks *self,
          CbzTask      *task,
          CbzDate       today)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Done"));
  g_autofree char *due = describe_due (task->due_on, today);
  g_autofree char *title = NULL;
  g_autofree char *spoken = NULL;

  /* Translators: a task such as "Call back", and when it is due ("Due today") */
  title = g_strdup_printf (_("%s · %s"), cbz_task_kind_get_label (task->kind), due);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (task->note != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), task->note);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "call-start-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: %s is a task such as "Call back · Due today" */
  spoken = g_strdup_printf (_("Mark “%s” done"), title);
  gtk_widget_set_tooltip_text (button, spoken);
  g_object_set_data_full (G_OBJECT (button), "task-id", g_memdup2 (&task->id, sizeof task->id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_done_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_tasks (CbzCallTasks *self,
            GPtrArray    *tasks)
{
  GtkWidget *child;
  GDate local_today;
  CbzDate today;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  cbz_clock_get_today (cbz_clock_get_default (), NULL, &local_today);
  today = cbz_date_init (g_date_get_year (&local_today), g_date_get_month (&local_today),
                         g_date_get_day (&local_today));
  self->n_open = tasks != NULL ? tasks->len : 0;
  for (guint i = 0; i < self->n_open; i++)
    gtk_list_box_append (self->list, make_row (self, tasks->pdata[i], today));
  gtk_widget_set_visible (GTK_WIDGET (self), self->n_open > 0);
}

static void
tasks_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CbzCallTasks) self = user_data;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;

  tasks = cbz_store_list_open_tasks_finish (CBZ_STORE (source), result, &error);
  if (tasks == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the customer’s tasks: %s", error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  show_tasks (self, tasks);
}

static void
reload (CbzCallTasks *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->debtor_id <= 0)
    {
      show_tasks (self, NULL);
      return;
    }
  self->cancellable = g_cancellable_new ();
  cbz_store_list_open_tasks_async (self->store, self->debtor_id, self->cancellable, tasks_read_cb,
                                   g_object_ref (self));
}

static void
cbz_call_tasks_dispose (GObject *object)
{
  CbzCallTasks *self = CBZ_CALL_TASKS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  /* AdwBin unparents its child itself: give it up first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_CALL_TASKS);

  G_OBJECT_CLASS (cbz_call_tasks_parent_class)->dispose (object);
}

static void
cbz_call_tasks_class_init (CbzCallTasksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_call_tasks_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-call-tasks.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzCallTasks, list);
}

static void
cbz_call_tasks_init (CbzCallTasks *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open tasks"), -1);
}

GtkWidget *
cbz_call_tasks_new (void)
{
  return g_object_new (CBZ_TYPE_CALL_TASKS, NULL);
}

void
cbz_call_tasks_show (CbzCallTasks *self,
                     CbzStore     *store,
                     gint64        debtor_id)
{
  g_return_if_fail (CBZ_IS_CALL_TASKS (self));
  g_return_if_fail (store == NULL || CBZ_IS_STORE (store));

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
  if (self->debtor_id != debtor_id)
    {
      self->debtor_id = debtor_id;
      show_tasks (self, NULL);
    }
  reload (self);
}

guint
cbz_call_tasks_get_n_open (CbzCallTasks *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_TASKS (self), 0);

  return self->n_open;
}
