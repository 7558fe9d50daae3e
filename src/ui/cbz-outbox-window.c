/* cbz-outbox-window.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-credentials.h"
#include "cbz-outbox-item.h"
#include "cbz-outbox-row.h"
#include "cbz-outbox-window.h"
#include "cbz-sender.h"
#include "cbz-window.h"

/* Rows read for one view: enough for a long day's run, few enough that the
 * list stays light; the counts always cover the whole outbox. */
#define MAX_ROWS 2000
/* Changes arrive in bursts while sending: read again once they settle. */
#define RELOAD_DELAY_MS 150
#define OUTBOX_WINDOW_KEY "cbz-outbox-window"

typedef enum
{
  FILTER_ATTENTION,
  FILTER_QUEUED,
  FILTER_SENT,
  FILTER_ALL,
  N_FILTERS
} Filter;

static const char *filter_names[N_FILTERS] = { "attention", "queued", "sent", "all" };

typedef enum
{
  DECISION_RESEND,
  DECISION_DONT_RESEND,
  DECISION_CANCEL,
} Decision;

struct _CbzOutboxWindow
{
  AdwWindow             parent_instance;

  CbzStore             *store;
  char                 *database_path;
  GCancellable         *cancellable;
  GListStore           *messages;
  Filter                filter;
  guint64               counts[CBZ_OUTBOX_N_STATES];
  gboolean              loaded;
  gboolean              loading;
  gboolean              reload_pending;
  gboolean              main_dirty;
  gboolean              disposed;
  guint                 reload_id;
  guint                 n_decisions;

  /* Send Queued Now */
  CbzSender            *sender;
  GCancellable         *send_cancellable;
  gboolean              preparing;
  char                 *missing_accounts;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *filter_stack;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkStack             *content_stack;
  AdwStatusPage        *no_results_page;
  AdwStatusPage        *error_page;
  GtkListView          *list_view;
  GtkLabel             *limit_label;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzOutboxWindow, cbz_outbox_window, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

/* What a worker read for one view. */
typedef struct
{
  char      *database_path;
  Filter     filter;
  guint64    counts[CBZ_OUTBOX_N_STATES];
  GPtrArray *items;     /* CbzOutboxItem */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->database_path);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_free (job);
}

typedef struct
{
  char     *database_path;
  Decision  decision;
  gint64    id;
  char     *reason;
} DecisionJob;

static void
decision_job_free (DecisionJob *job)
{
  g_free (job->database_path);
  g_free (job->reason);
  g_free (job);
}

typedef struct
{
  char      *database_path;
  gboolean   dry_run;
  guint      n_queued;
  guint      n_without_account;
  GPtrArray *accounts;  /* CbzProviderAccount */
  GString   *missing;   /* one line per provider without an account */
} SendPrep;

static void
send_prep_free (SendPrep *prep)
{
  g_free (prep->database_path);
  g_clear_pointer (&prep->accounts, g_ptr_array_unref);
  if (prep->missing != NULL)
    g_string_free (prep->missing, TRUE);
  g_free (prep);
}

static void start_load (CbzOutboxWindow *self);

static guint64
count_filter (CbzOutboxWindow *self,
              Filter           filter)
{
  const guint64 *c = self->counts;

  switch (filter)
    {
    case FILTER_ATTENTION:
      return c[CBZ_OUTBOX_STATE_UNKNOWN] + c[CBZ_OUTBOX_STATE_FAILED];
    case FILTER_QUEUED:
      return c[CBZ_OUTBOX_STATE_QUEUED] + c[CBZ_OUTBOX_STATE_SENDING];
    case FILTER_SENT:
      return c[CBZ_OUTBOX_STATE_SENT] + c[CBZ_OUTBOX_STATE_DELIVERED];
    case FILTER_ALL:
    case N_FILTERS:
    default:
      {
        guint64 total = 0;

        for (guint i = 0; i < CBZ_OUTBOX_N_STATES; i++)
          total += c[i];
        return total;
      }
    }
}

static void
show_toast (CbzOutboxWindow *self,
            const char      *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static CbzOutboxItem *
find_item (CbzOutboxWindow *self,
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

/* The main window's list and the customer's timeline read the main thread's
 * connection: tell it the file changed (without reloading ourselves twice). */
static void on_store_changed_cb (CbzOutboxWindow *self);

static void
notify_main_store (CbzOutboxWindow *self)
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
    notify_main_store (self);
  start_load (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reload (CbzOutboxWindow *self)
{
  if (self->disposed || self->reload_id != 0)
    return;
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout_cb, self);
}

static void
update_actions (CbzOutboxWindow *self)
{
  gboolean sending = self->sender != NULL || self->preparing;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.send-queued",
                                 !sending && self->counts[CBZ_OUTBOX_STATE_QUEUED] > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.stop-sending", self->sender != NULL);
}

static void
update_badges (CbzOutboxWindow *self)
{
  for (guint i = 0; i < N_FILTERS; i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (self->filter_stack, filter_names[i]);
      AdwViewStackPage *page = adw_view_stack_get_page (self->filter_stack, child);

      /* "All" and "Sent" only grow: a number there is noise. */
      adw_view_stack_page_set_badge_number (page, i == FILTER_ATTENTION || i == FILTER_QUEUED
                                                  ? (guint) MIN (count_filter (self, i), G_MAXUINT)
                                                  : 0);
    }
  adw_view_stack_page_set_needs_attention (adw_view_stack_get_page (self->filter_stack,
                                                                    adw_view_stack_get_child_by_name (self->filter_stack, "attention")),
                                           self->counts[CBZ_OUTBOX_STATE_UNKNOWN] > 0);
}

static void
update_content (CbzOutboxWindow *self)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  guint64 total = count_filter (self, self->filter);

  if (!self->loaded)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "error") == 0)
    return;

  if (count_filter (self, FILTER_ALL) == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (n_rows == 0)
    {
      switch (self->filter)
        {
        case FILTER_ATTENTION:
          adw_status_page_set_title (self->no_results_page, _("Nothing Needs Attention"));
          adw_status_page_set_description (self->no_results_page,
                                           _("No message is held or failed: every reminder reached the provider."));
          break;
        case FILTER_QUEUED:
          adw_status_page_set_title (self->no_results_page, _("Nothing Is Queued"));
          adw_status_page_set_description (self->no_results_page,
                                           _("Every reminder has been handed to its provider."));
          break;
        case FILTER_SENT:
        case FILTER_ALL:
        case N_FILTERS:
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

/* Worker threads */

static int
filter_rank (Filter         filter,
             CbzOutboxState state)
{
  /* Held messages wait for a decision: they lead their list. */
  if (filter == FILTER_ATTENTION)
    return state == CBZ_OUTBOX_STATE_UNKNOWN ? 0 : 1;
  if (filter == FILTER_QUEUED)
    return state == CBZ_OUTBOX_STATE_SENDING ? 0 : 1;
  return 0;
}

static int
compare_messages (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const CbzOutboxMessage *x = *(CbzOutboxMessage * const *) a;
  const CbzOutboxMessage *y = *(CbzOutboxMessage * const *) b;
  Filter filter = GPOINTER_TO_INT (user_data);
  int rank = filter_rank (filter, x->state) - filter_rank (filter, y->state);

  if (rank != 0)
    return rank;
  return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  GError *error = NULL;
  int states[2] = { -1, -1 };

  store = cbz_store_open (job->database_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  outbox = cbz_outbox_new (store);
  if (!cbz_outbox_count_by_state (outbox, job->counts, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  switch (job->filter)
    {
    case FILTER_ATTENTION:
      states[0] = CBZ_OUTBOX_STATE_UNKNOWN;
      states[1] = CBZ_OUTBOX_STATE_FAILED;
      break;
    case FILTER_QUEUED:
      states[0] = CBZ_OUTBOX_STATE_SENDING;
      states[1] = CBZ_OUTBOX_STATE_QUEUED;
      break;
    case FILTER_SENT:
      states[0] = CBZ_OUTBOX_STATE_SENT;
      states[1] = CBZ_OUTBOX_STATE_DELIVERED;
      break;
    case FILTER_ALL:
    case N_FILTERS:
    default:
      break;
    }

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(GPtrArray) some = NULL;

      if (i > 0 && states[i] < 0)
        break;
      some = cbz_outbox_list (outbox, states[i], 0, MAX_ROWS, &error);
      if (some == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_set_free_func (some, NULL);
      g_ptr_array_extend_and_steal (messages, g_steal_pointer (&some));
    }
  g_ptr_array_sort_with_data (messages, compare_messages, GINT_TO_POINTER (job->filter));
  if (messages->len > MAX_ROWS)
    g_ptr_array_set_size (messages, MAX_ROWS);

  names = cbz_outbox_list_customer_names (outbox, &error);
  if (names == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->items = g_ptr_array_new_full (messages->len, g_object_unref);
  /* The items take the messages over. */
  g_ptr_array_set_free_func (messages, NULL);
  for (guint i = 0; i < messages->len; i++)
    {
      CbzOutboxMessage *message = g_ptr_array_index (messages, i);
      const char *name = g_hash_table_lookup (names, &message->debtor_id);

      g_ptr_array_add (job->items, cbz_outbox_item_new (message, name));
    }
  g_task_return_boolean (task, TRUE);
}

static void
decision_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DecisionJob *job = task_data;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  GError *error = NULL;
  gboolean ok = FALSE;

  store = cbz_store_open (job->database_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  outbox = cbz_outbox_new (store);
  switch (job->decision)
    {
    case DECISION_RESEND:
      ok = cbz_outbox_resend (outbox, job->id, &error);
      break;
    case DECISION_DONT_RESEND:
      ok = cbz_outbox_mark_failed (outbox, job->id, job->reason, &error);
      break;
    case DECISION_CANCEL:
      ok = cbz_outbox_cancel (outbox, job->id, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Which providers the queued messages need, and their accounts: the keyring
 * is a blocking D-Bus call, so this runs here too. */
static void
prepare_send_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SendPrep *prep = task_data;
  g_autoptr(CbzStore) store = NULL;
  g_autoptr(CbzOutbox) outbox = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GHashTable) providers = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  GError *error = NULL;

  store = cbz_store_open (prep->database_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  outbox = cbz_outbox_new (store);
  queued = cbz_outbox_list (outbox, CBZ_OUTBOX_STATE_QUEUED, 0, 0, &error);
  if (queued == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  prep->n_queued = queued->len;
  prep->dry_run = cbz_credentials_get_dry_run ();
  prep->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_provider_account_free);
  prep->missing = g_string_new (NULL);
  if (prep->dry_run)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Messages enqueued as dry runs need no account. */
  for (guint i = 0; i < queued->len; i++)
    {
      const CbzOutboxMessage *message = g_ptr_array_index (queued, i);

      if (!message->dry_run)
        g_hash_table_insert (providers, message->provider,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (providers, message->provider)) + 1));
    }

  g_hash_table_iter_init (&iter, providers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GError) account_error = NULL;
      CbzProviderAccount *account;
      const char *name = cbz_provider_id_get_display_name (key);
      guint n = GPOINTER_TO_UINT (value);

      account = cbz_credentials_load_account_sync (key, cancellable, &account_error);
      if (account != NULL)
        {
          g_ptr_array_add (prep->accounts, account);
          continue;
        }
      prep->n_without_account += n;
      g_string_append_printf (prep->missing,
                              /* Translators: "• Twilio: 12 messages wait. <why>" */
                              ngettext ("• %s: %u message waits. %s\n", "• %s: %u messages wait. %s\n", n),
                              name != NULL ? name : (const char *) key, n, account_error->message);
    }
  g_task_return_boolean (task, TRUE);
}

/* Back on the main thread */

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (source);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
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

  memcpy (self->counts, job->counts, sizeof self->counts);
  update_badges (self);
  update_actions (self);
  /* The person switched views meanwhile: that view's rows are on their way. */
  if (job->filter != self->filter || self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_load (self);
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "error") == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  apply_items (self, job->items);
  self->loaded = TRUE;
  update_content (self);
}

static void
start_load (CbzOutboxWindow *self)
{
  g_autoptr(GTask) task = NULL;
  LoadJob *job;

  if (self->disposed)
    return;
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  job = g_new0 (LoadJob, 1);
  job->database_path = g_strdup (self->database_path);
  job->filter = self->filter;
  self->loading = TRUE;
  task = g_task_new (self, self->cancellable, on_loaded_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

static void
on_decided_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (source);
  DecisionJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->n_decisions--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
        return;
      show_toast (self, error->message);
      schedule_reload (self);
      return;
    }
  if (self->disposed)
    return;

  switch (job->decision)
    {
    case DECISION_RESEND:
      {
        AdwToast *toast = adw_toast_new (_("Queued again: it goes out with the next send"));

        adw_toast_set_button_label (toast, _("Send _Now"));
        adw_toast_set_action_name (toast, "outbox.send-queued");
        adw_toast_set_timeout (toast, 8);
        adw_toast_overlay_add_toast (self->toast_overlay, toast);
      }
      break;
    case DECISION_DONT_RESEND:
      show_toast (self, _("Recorded as failed on the customer’s timeline"));
      break;
    case DECISION_CANCEL:
      show_toast (self, _("Message withdrawn"));
      break;
    default:
      g_assert_not_reached ();
    }
  self->main_dirty = TRUE;
  notify_main_store (self);
  schedule_reload (self);
}

static void
decide (CbzOutboxWindow *self,
        Decision         decision,
        gint64           id,
        const char      *reason)
{
  g_autoptr(GTask) task = NULL;
  DecisionJob *job = g_new0 (DecisionJob, 1);

  job->database_path = g_strdup (self->database_path);
  job->decision = decision;
  job->id = id;
  job->reason = g_strdup (reason);
  self->n_decisions++;
  task = g_task_new (self, self->cancellable, on_decided_cb, NULL);
  g_task_set_source_tag (task, decide);
  g_task_set_task_data (task, job, (GDestroyNotify) decision_job_free);
  g_task_run_in_thread (task, decision_thread);
}

static char *
format_summary (const CbzSenderSummary *summary)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (summary->sent > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u sent", "%u sent", summary->sent), summary->sent));
  if (summary->dry_run > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u recorded without sending (dry run)",
                                                       "%u recorded without sending (dry run)",
                                                       summary->dry_run), summary->dry_run));
  if (summary->failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u failed", "%u failed", summary->failed),
                                             summary->failed));
  if (summary->unknown > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u held: check before resending",
                                                       "%u held: check before resending",
                                                       summary->unknown), summary->unknown));
  if (summary->retrying + summary->waiting > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u still queued", "%u still queued",
                                                       summary->retrying + summary->waiting),
                                             summary->retrying + summary->waiting));
  if (parts->len == 0)
    return g_strdup (_("Nothing was sent"));
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (", ", (char **) parts->pdata);
  /* Translators: %s lists the outcomes, e.g. "12 sent, 1 failed". */
  return g_strdup_printf (_("Done: %s"), joined);
}

static void
on_missing_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  GtkWidget *parent = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog)));

  if (g_strcmp0 (response, "preferences") == 0 && parent != NULL)
    gtk_widget_activate_action (parent, "app.preferences", NULL);
}

/* The messages stay queued: say for which provider and why, and offer the
 * place to set the account up. */
static void
show_missing_accounts (CbzOutboxWindow *self,
                       const char      *heading,
                       const char      *summary)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  body = g_strdup_printf ("%s%s%s\n%s", summary != NULL ? summary : "", summary != NULL ? "\n\n" : "",
                          _("These messages stay queued until an account is set up in Preferences:"),
                          self->missing_accounts);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "preferences", _("Open _Preferences"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "preferences");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (on_missing_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
finish_sending (CbzOutboxWindow *self)
{
  g_clear_object (&self->sender);
  g_clear_object (&self->send_cancellable);
  g_clear_pointer (&self->missing_accounts, g_free);
  self->preparing = FALSE;
  if (self->disposed)
    return;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);
  self->main_dirty = TRUE;
  schedule_reload (self);
}

static void
on_send_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzOutboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CbzSenderSummary summary = { 0 };

  if (!cbz_sender_run_finish (CBZ_SENDER (source), result, &summary, &error))
    {
      if (!self->disposed && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      finish_sending (self);
      return;
    }
  if (!self->disposed)
    {
      text = format_summary (&summary);
      if (self->missing_accounts != NULL && *self->missing_accounts != '\0')
        show_missing_accounts (self, _("Some Messages Were Not Sent"), text);
      else
        show_toast (self, text);
    }
  finish_sending (self);
}

static void
on_send_progress_cb (CbzOutboxWindow *self,
                     guint64          done,
                     guint64          total)
{
  g_autofree char *text = NULL;

  if (self->disposed || g_cancellable_is_cancelled (self->send_cancellable))
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) MIN (done, total) / total : 0);
  /* Translators: progress of Send Queued Now. */
  text = g_strdup_printf (ngettext ("Sending… %llu of %llu message",
                                    "Sending… %llu of %llu messages", (gulong) total),
                          (unsigned long long) done, (unsigned long long) total);
  gtk_label_set_label (self->progress_label, text);
}

static void
on_send_message_changed_cb (CbzOutboxWindow *self,
                            gint64           message_id,
                            gint64           debtor_id,
                            int              state)
{
  /* The row and the customer's timeline follow, a few changes at a time. */
  self->main_dirty = TRUE;
  schedule_reload (self);
}

static void
on_send_prepared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (source);
  SendPrep *prep = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!self->disposed && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      finish_sending (self);
      return;
    }
  if (self->disposed)
    {
      finish_sending (self);
      return;
    }
  if (prep->n_queued == 0)
    {
      show_toast (self, _("Nothing is queued"));
      finish_sending (self);
      return;
    }

  self->missing_accounts = g_strdup (prep->missing->str);
  if (prep->n_without_account == prep->n_queued)
    {
      show_missing_accounts (self, _("No Account to Send With"), NULL);
      finish_sending (self);
      return;
    }

  self->preparing = FALSE;
  self->sender = cbz_sender_new (self->database_path);
  cbz_sender_set_dry_run (self->sender, prep->dry_run);
  /* Temporary failures wait for the next send instead of keeping the
   * window busy through their backoff. */
  cbz_sender_set_max_wait (self->sender, 30 * G_USEC_PER_SEC);
  for (guint i = 0; i < prep->accounts->len; i++)
    cbz_sender_add_account (self->sender, g_ptr_array_index (prep->accounts, i));
  g_signal_connect_object (self->sender, "progress", G_CALLBACK (on_send_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sender, "message-changed", G_CALLBACK (on_send_message_changed_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_label_set_label (self->progress_label, prep->dry_run ? _("Recording the queued messages without sending them (dry run)…")
                                                           : _("Sending the queued messages…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
  cbz_sender_run_async (self->sender, self->send_cancellable, on_send_done_cb, g_object_ref (self));
}

/* Actions */

static void
send_queued_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  SendPrep *prep;

  if (self->sender != NULL || self->preparing)
    return;

  self->preparing = TRUE;
  self->send_cancellable = g_cancellable_new ();
  update_actions (self);
  prep = g_new0 (SendPrep, 1);
  prep->database_path = g_strdup (self->database_path);
  task = g_task_new (self, self->send_cancellable, on_send_prepared_cb, NULL);
  g_task_set_source_tag (task, send_queued_action_cb);
  g_task_set_task_data (task, prep, (GDestroyNotify) send_prep_free);
  g_task_run_in_thread (task, prepare_send_thread);
}

static void
stop_sending_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);

  if (self->send_cancellable == NULL)
    return;
  g_cancellable_cancel (self->send_cancellable);
  gtk_label_set_label (self->progress_label, _("Stopping: waiting for the messages already on their way…"));
  gtk_widget_action_set_enabled (widget, "outbox.stop-sending", FALSE);
}

static gint64
dialog_message_id (AdwMessageDialog *dialog)
{
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "message-id");

  return id != NULL ? *id : 0;
}

static AdwMessageDialog *
new_decision_dialog (CbzOutboxWindow *self,
                     gint64           id,
                     const char      *heading,
                     const char      *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  g_object_set_data_full (G_OBJECT (dialog), "message-id", g_memdup2 (&id, sizeof id), g_free);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
on_resend_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CbzOutboxWindow  *self)
{
  if (g_strcmp0 (response, "resend") == 0)
    decide (self, DECISION_RESEND, dialog_message_id (dialog), NULL);
}

static void
resend_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(CbzOutboxItem) item = find_item (self, id);
  const CbzOutboxMessage *message = item != NULL ? cbz_outbox_item_get_message (item) : NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (message != NULL && message->state == CBZ_OUTBOX_STATE_FAILED)
    body = g_strdup_printf (_("The message to %s (%s) failed: %s\n\n"
                              "It will be queued again and go out with the next send."),
                            cbz_outbox_item_get_customer_name (item), message->recipient,
                            message->last_error != NULL ? message->last_error : _("no reason given"));
  else if (message != NULL)
    body = g_strdup_printf (_("Cobranza stopped while sending this message to %s (%s), and the "
                              "provider cannot tell whether it went out. If it did, the customer "
                              "will receive it twice.\n\n"
                              "Check with the customer or in the provider’s log before resending."),
                            cbz_outbox_item_get_customer_name (item), message->recipient);
  else
    body = g_strdup (_("If the message already went out, the customer will receive it twice."));

  dialog = new_decision_dialog (self, id, _("Resend This Message?"), body);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "resend", _("_Resend"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "resend", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_resend_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_dont_resend_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            CbzOutboxWindow  *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *reason = NULL;

  if (g_strcmp0 (response, "dont-resend") != 0)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  decide (self, DECISION_DONT_RESEND, dialog_message_id (dialog), *reason != '\0' ? reason : NULL);
}

static void
on_reason_activated_cb (GtkEntry         *entry,
                        AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "dont-resend");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
dont_resend_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(CbzOutboxItem) item = find_item (self, id);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (item != NULL)
    body = g_strdup_printf (_("The message to %s (%s) will be recorded as failed on the "
                              "customer’s timeline, with the reason below. It stays in the "
                              "Needs Attention list, where it can still be resent."),
                            cbz_outbox_item_get_customer_name (item),
                            cbz_outbox_item_get_message (item)->recipient);
  else
    body = g_strdup (_("The message will be recorded as failed on the customer’s timeline, with the reason below."));

  dialog = new_decision_dialog (self, id, _("Don’t Resend This Message?"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. the customer confirmed receiving it"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_reason_activated_cb), dialog, 0);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "dont-resend", _("_Don’t Resend"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "dont-resend", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dont_resend_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  /* A queued reminder is not out yet: withdrawing it needs no warning. */
  decide (CBZ_OUTBOX_WINDOW (widget), DECISION_CANCEL, g_variant_get_int64 (parameter), NULL);
}

static void
on_store_changed_cb (CbzOutboxWindow *self)
{
  schedule_reload (self);
}

static void
on_filter_changed_cb (CbzOutboxWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->filter_stack);

  for (guint i = 0; i < N_FILTERS; i++)
    {
      if (g_strcmp0 (name, filter_names[i]) == 0 && self->filter != (Filter) i)
        {
          self->filter = i;
          start_load (self);
          return;
        }
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
  self->database_path = g_strdup (cbz_store_get_path (self->store));
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_content (self);
  update_actions (self);
  start_load (self);
}

static void
cbz_outbox_window_dispose (GObject *object)
{
  CbzOutboxWindow *self = CBZ_OUTBOX_WINDOW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->send_cancellable != NULL)
    g_cancellable_cancel (self->send_cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_OUTBOX_WINDOW);

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
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->missing_accounts, g_free);

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

  gtk_widget_class_install_action (widget_class, "outbox.send-queued", NULL, send_queued_action_cb);
  gtk_widget_class_install_action (widget_class, "outbox.stop-sending", NULL, stop_sending_action_cb);
  gtk_widget_class_install_action (widget_class, "outbox.resend", "x", resend_action_cb);
  gtk_widget_class_install_action (widget_class, "outbox.dont-resend", "x", dont_resend_action_cb);
  gtk_widget_class_install_action (widget_class, "outbox.cancel", "x", cancel_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "outbox.send-queued", NULL);
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
  self->filter = FILTER_ATTENTION;

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

  return filter_names[self->filter];
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
         self->sender != NULL || self->preparing;
}
