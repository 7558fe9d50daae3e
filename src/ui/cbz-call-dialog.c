/* cbz-call-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-call-date-row.h"
#include "cbz-call-dialog.h"
#include "cbz-money.h"
#include "cbz-phone.h"
#include "cbz-store-calls.h"
#include "cbz-ui-format.h"
#include "payments/cbz-amount.h"

struct _CbzCallDialog
{
  AdwWindow             parent_instance;

  CbzStore             *store;
  gint64                debtor_id;
  GCancellable         *cancellable;
  CbzCallContext       *context;    /* NULL until read */
  gboolean              busy;

  AdwWindowTitle       *window_title;
  AdwPreferencesGroup  *call_group;
  AdwComboRow          *outcome_row;
  AdwEntryRow          *note_row;
  AdwPreferencesGroup  *promise_group;
  CbzCallDateRow       *promise_date_row;
  AdwEntryRow          *promise_amount_row;
  AdwPreferencesGroup  *next_group;
  AdwActionRow         *next_row;
  AdwExpanderRow       *follow_up_row;
  CbzCallDateRow       *follow_up_date_row;
  AdwActionRow         *due_tasks_row;
  GtkLabel             *error_label;
  GtkButton            *log_button;
};

enum {
  LOGGED,
  PROMISE_REQUESTED,
  DISPUTE_REQUESTED,
  PAYMENT_REQUESTED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzCallDialog, cbz_call_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static CbzCallOutcome
get_outcome (CbzCallDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->outcome_row);

  return selected < CBZ_CALL_OUTCOME_N_VALUES ? (CbzCallOutcome) selected : CBZ_CALL_OUTCOME_OTHER;
}

static void
show_error (CbzCallDialog *self,
            const char    *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_sensitivity (CbzCallDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->log_button), self->context != NULL && !self->busy);
}

/* What happens after Log, said before it is pressed. */
static void
on_outcome_changed_cb (CbzCallDialog *self)
{
  CbzCallOutcome outcome = get_outcome (self);
  const char *next = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->promise_group), outcome == CBZ_CALL_OUTCOME_PROMISED_TO_PAY);
  switch (outcome)
    {
    case CBZ_CALL_OUTCOME_DISPUTES:
      next = _("The dispute form opens next, to say which invoice and why.");
      break;
    case CBZ_CALL_OUTCOME_PAID_ALREADY:
      next = _("Recording the payment is offered next, once it is found.");
      break;
    case CBZ_CALL_OUTCOME_CALL_BACK:
      /* Asked to call back: the follow-up is what they asked for. */
      adw_expander_row_set_enable_expansion (self->follow_up_row, TRUE);
      break;
    case CBZ_CALL_OUTCOME_NO_ANSWER:
    case CBZ_CALL_OUTCOME_WRONG_NUMBER:
    case CBZ_CALL_OUTCOME_LEFT_MESSAGE:
    case CBZ_CALL_OUTCOME_PROMISED_TO_PAY:
    case CBZ_CALL_OUTCOME_OTHER:
    default:
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_row), next != NULL ? next : "");
  gtk_widget_set_visible (GTK_WIDGET (self->next_group), next != NULL);
  show_error (self, NULL);
}

static void
on_amount_changed_cb (CbzCallDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->promise_amount_row), "error");
  show_error (self, NULL);
}

static char *
describe_due_tasks (GPtrArray *tasks)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < tasks->len; i++)
    {
      CbzTask *task = tasks->pdata[i];
      g_autofree char *due = cbz_date_format_short (task->due_on, NULL);
      g_autofree char *line = NULL;

      /* Translators: a task such as "Call back", and the day it was due */
      line = g_strdup_printf (_("%s, due %s"), cbz_task_kind_get_label (task->kind), due);
      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append (text, line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
context_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzCallDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;
  CbzCallContext *context;

  context = cbz_store_get_call_context_finish (CBZ_STORE (source), result, &error);
  if (context == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  self->context = context;

  /* Tomorrow for a follow-up, a week for a promise: changed in a click. */
  cbz_call_date_row_set_date (self->follow_up_date_row, cbz_date_add_days (context->today, 1));
  cbz_call_date_row_set_date (self->promise_date_row, cbz_date_add_days (context->today, 7));
  if (context->overdue > 0 && context->currency != NULL)
    amount = cbz_money_format_full (cbz_money_init (context->overdue, context->currency), NULL,
                                    CBZ_MONEY_FORMAT_NO_SYMBOL);
  gtk_editable_set_text (GTK_EDITABLE (self->promise_amount_row), amount != NULL ? amount : "");

  if (context->due_tasks->len > 0)
    {
      g_autofree char *tasks = describe_due_tasks (context->due_tasks);

      adw_action_row_set_subtitle (self->due_tasks_row, tasks);
      gtk_widget_set_visible (GTK_WIDGET (self->due_tasks_row), TRUE);
    }
  update_sensitivity (self);
}

/* "Promised to pay": the amount must read as one before anything is
 * written, so the promise form opens with what the customer said. */
static gboolean
read_promise (CbzCallDialog  *self,
              CbzMoney       *amount,
              GError        **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->promise_amount_row));

  if (!cbz_amount_parse (text, self->context->currency, amount, error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->promise_amount_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->promise_amount_row));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  CbzCallDialog  *self;
  CbzCallOutcome  outcome;
  CbzMoney        promised;
  CbzDate         promised_on;
} LogJob;

static void
call_logged_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LogJob *job = user_data;
  g_autoptr(CbzCallDialog) self = job->self;
  g_autoptr(CbzCallLogged) logged = NULL;
  g_autoptr(GError) error = NULL;
  char day[CBZ_DATE_ISO_LENGTH];

  logged = cbz_store_log_call_finish (CBZ_STORE (source), result, &error);
  self->busy = FALSE;
  if (logged == NULL)
    {
      g_free (job);
      update_sensitivity (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[LOGGED], 0, logged->event_id);
  switch (job->outcome)
    {
    case CBZ_CALL_OUTCOME_PROMISED_TO_PAY:
      g_signal_emit (self, signals[PROMISE_REQUESTED], 0, self->debtor_id,
                     cbz_date_to_iso (job->promised_on, day), job->promised.minor, job->promised.currency);
      break;
    case CBZ_CALL_OUTCOME_DISPUTES:
      g_signal_emit (self, signals[DISPUTE_REQUESTED], 0, self->debtor_id);
      break;
    case CBZ_CALL_OUTCOME_PAID_ALREADY:
      g_signal_emit (self, signals[PAYMENT_REQUESTED], 0, self->debtor_id);
      break;
    case CBZ_CALL_OUTCOME_NO_ANSWER:
    case CBZ_CALL_OUTCOME_WRONG_NUMBER:
    case CBZ_CALL_OUTCOME_LEFT_MESSAGE:
    case CBZ_CALL_OUTCOME_CALL_BACK:
    case CBZ_CALL_OUTCOME_OTHER:
    default:
      break;
    }
  g_free (job);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_log_clicked_cb (CbzCallDialog *self)
{
  g_autoptr(GError) error = NULL;
  LogJob *job;
  CbzDate follow_up;
  gboolean with_follow_up;

  if (self->context == NULL || self->busy)
    return;

  job = g_new0 (LogJob, 1);
  job->outcome = get_outcome (self);
  if (job->outcome == CBZ_CALL_OUTCOME_PROMISED_TO_PAY)
    {
      if (!read_promise (self, &job->promised, &error))
        {
          show_error (self, error->message);
          g_free (job);
          return;
        }
      job->promised_on = cbz_call_date_row_get_date (self->promise_date_row);
    }

  with_follow_up = adw_expander_row_get_enable_expansion (self->follow_up_row);
  follow_up = cbz_call_date_row_get_date (self->follow_up_date_row);
  job->self = g_object_ref (self);
  self->busy = TRUE;
  update_sensitivity (self);
  show_error (self, NULL);
  cbz_store_log_call_async (self->store, self->debtor_id, job->outcome,
                            gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                            with_follow_up ? &follow_up : NULL, self->cancellable, call_logged_cb, job);
}

static void
cbz_call_dialog_dispose (GObject *object)
{
  CbzCallDialog *self = CBZ_CALL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_CALL_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->context, cbz_call_context_free);

  G_OBJECT_CLASS (cbz_call_dialog_parent_class)->dispose (object);
}

static void
cbz_call_dialog_class_init (CbzCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_call_dialog_dispose;

  signals[LOGGED] =
    g_signal_new ("logged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[PROMISE_REQUESTED] =
    g_signal_new ("promise-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);
  signals[DISPUTE_REQUESTED] =
    g_signal_new ("dispute-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[PAYMENT_REQUESTED] =
    g_signal_new ("payment-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CBZ_TYPE_CALL_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, call_group);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, promise_group);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, promise_date_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, promise_amount_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, next_group);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, next_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, follow_up_date_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, due_tasks_row);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CbzCallDialog, log_button);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_log_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_call_dialog_init (CbzCallDialog *self)
{
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < CBZ_CALL_OUTCOME_N_VALUES; i++)
    gtk_string_list_append (outcomes, cbz_call_outcome_get_label (i));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes));
  on_outcome_changed_cb (self);
}

CbzCallDialog *
cbz_call_dialog_new (GtkWindow *parent,
                     CbzStore  *store,
                     gint64     debtor_id)
{
  CbzCallDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_CALL_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->debtor_id = debtor_id;
  cbz_store_get_call_context_async (store, debtor_id, self->cancellable, context_read_cb, g_object_ref (self));
  return self;
}

void
cbz_call_dialog_set_customer (CbzCallDialog   *self,
                              const CbzDebtor *debtor)
{
  const char *number;

  g_return_if_fail (CBZ_IS_CALL_DIALOG (self));
  g_return_if_fail (debtor != NULL);

  adw_window_title_set_subtitle (self->window_title, debtor->name != NULL ? debtor->name : "");
  number = debtor->mobile != NULL ? debtor->mobile : debtor->phone;
  if (number != NULL)
    {
      g_autofree char *shown = cbz_phone_format (number);
      g_autofree char *text = NULL;

      /* Translators: %s is a phone number */
      text = g_strdup_printf (_("Number to call: %s"), shown != NULL ? shown : number);
      adw_preferences_group_set_description (self->call_group, text);
    }
}

gint64
cbz_call_dialog_get_debtor_id (CbzCallDialog *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_DIALOG (self), 0);

  return self->debtor_id;
}

const char *
cbz_call_dialog_get_note (CbzCallDialog *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->note_row));
}

void
cbz_call_dialog_set_outcome (CbzCallDialog  *self,
                             CbzCallOutcome  outcome)
{
  g_return_if_fail (CBZ_IS_CALL_DIALOG (self));
  g_return_if_fail ((guint) outcome < CBZ_CALL_OUTCOME_N_VALUES);

  adw_combo_row_set_selected (self->outcome_row, outcome);
}

gboolean
cbz_call_dialog_is_ready (CbzCallDialog *self)
{
  g_return_val_if_fail (CBZ_IS_CALL_DIALOG (self), FALSE);

  return self->context != NULL && !self->busy;
}
