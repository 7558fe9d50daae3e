/* test-letter-ui.c: the letter window and the company profile page.
 * Needs a display: CI runs it under xvfb-run -a dbus-run-session.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <poppler.h>
#include <string.h>

#include "cbz-application.h"
#include "cbz-letter-batch-dialog.h"
#include "cbz-letter-preferences-page.h"
#include "cbz-letter-window.h"
#include "cbz-ui-resources.h"
#include "cbz-test-gtk.h"
#include "letters-store.h"

/* The GL driver (Mesa's EGL, loaded and unloaded by GTK) leaks at exit;
 * lsan.supp names it, but the fast unwinder stops at the unloaded module
 * and never reaches that name. Read under AddressSanitizer only. */
const char *__lsan_default_options (void);

const char *
__lsan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

typedef struct
{
  char          *dir;
  char          *path;
  CbzStore      *store;
  SampleDebtors  debtors;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cbz_test_build_tmp_path ("portfolio");
  f->path = g_build_filename (f->dir, "demo.sqlite", NULL);
  f->store = open_sample_store (f->path, &f->debtors);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
first_debtor (Fixture *f)
{
  return f->debtors.nunez;
}

/* The first AdwComboRow after @after in a depth-first walk of @widget. */
static GtkWidget *
find_next_combo_row_in (GtkWidget  *widget,
                        GtkWidget  *after,
                        gboolean   *seen)
{
  if (widget == after)
    *seen = TRUE;
  else if (*seen && ADW_IS_COMBO_ROW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_next_combo_row_in (child, after, seen);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_next_combo_row (GtkWidget *widget,
                     GtkWidget *after)
{
  gboolean seen = FALSE;

  return find_next_combo_row_in (widget, after, &seen);
}

static gpointer
find_widget (GtkWidget *widget,
             GType      type,
             const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (text == NULL || (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = find_widget (child, type, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
preview_ready (gpointer data)
{
  return cbz_letter_window_get_pdf (data) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;
  GtkLabel *label = find_widget (wait->root, GTK_TYPE_LABEL, wait->text);

  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

/* CBZ_TEST_SCREENSHOT=dir saves what the window looks like, to look at. */
static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("CBZ_TEST_SCREENSHOT");
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  /* Let the window lay out and draw its newest state first. */
  cbz_test_spin (300);
  path = g_build_filename (dir, name, NULL);
  cbz_test_save_screenshot (widget, path);
}

typedef struct
{
  Fixture *f;
  int      expected;
} LetterCount;

static gboolean
letters_counted (gpointer data)
{
  LetterCount *count = data;

  return count_sample_letters (count->f->store, &count->f->debtors) == count->expected;
}

static void
test_letter_window (Fixture       *f,
                    gconstpointer  data)
{
  CbzLetterWindow *window = cbz_letter_window_new (NULL, f->store, first_debtor (f));
  GtkTextView *editor;
  GtkDropDown *dropdown;
  GtkTextIter end;
  LabelWait wait;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (cbz_test_spin_until (preview_ready, window, 20000));
  g_assert_cmpuint (cbz_letter_window_get_n_pages (window), ==, 1);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Letter to Comercializadora Núñez");

  /* 45 days overdue: the window starts at level 2. */
  dropdown = find_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, NULL);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);

  maybe_screenshot (GTK_WIDGET (window), "letter-window.png");

  /* Saved: the file is the preview's PDF, and the letter reaches the
   * customer's timeline through the window's own store. */
  {
    g_autofree char *path = g_build_filename (f->dir, "saved.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autofree char *bytes = NULL;
    gsize length = 0;
    LetterCount count = { f, 1 };

    cbz_letter_window_save_to (window, file);
    g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
    g_assert_cmpmem (bytes, length, g_bytes_get_data (cbz_letter_window_get_pdf (window), NULL),
                     g_bytes_get_size (cbz_letter_window_get_pdf (window)));
    g_assert_true (cbz_test_spin_until (letters_counted, &count, 10000));
  }

  /* An unknown variable is shown under the editor, with its place. */
  editor = find_widget (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW, NULL);
  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (editor), &end);
  gtk_text_buffer_insert (gtk_text_view_get_buffer (editor), &end, "\nTotal: {{monto_total}}\n", -1);
  wait.root = GTK_WIDGET (window);
  wait.text = "unknown variable “monto_total”";
  g_assert_true (cbz_test_spin_until (label_shown, &wait, 5000));
  maybe_screenshot (GTK_WIDGET (window), "letter-window-error.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
profile_saved (gpointer data)
{
  Fixture *f = data;
  g_autoptr(CbzCompanyProfile) p = cbz_company_profile_load (f->store, NULL);

  return g_strcmp0 (p->name, "Aceros del Norte") == 0;
}

static void
test_preferences_page (Fixture       *f,
                       gconstpointer  data)
{
  AdwPreferencesWindow *prefs = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  GtkWidget *page = cbz_letter_preferences_page_new ();
  AdwEntryRow *name_row;

  adw_preferences_window_add (prefs, ADW_PREFERENCES_PAGE (page));
  cbz_letter_preferences_page_set_store (CBZ_LETTER_PREFERENCES_PAGE (page), f->store);
  gtk_window_present (GTK_WINDOW (prefs));

  name_row = find_widget (page, ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Distribuidora del Bajío, S.A. de C.V.");
  maybe_screenshot (GTK_WIDGET (prefs), "letter-preferences.png");

  gtk_editable_set_text (GTK_EDITABLE (name_row), "Aceros del Norte");
  g_assert_true (cbz_test_spin_until (profile_saved, f, 5000));

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gint64
debtor_named (Fixture    *f,
              const char *name)
{
  return sample_debtor (&f->debtors, name);
}

static void
count_changed_cb (guint *n_changed)
{
  (*n_changed)++;
}

static gboolean
batch_done (gpointer data)
{
  return !cbz_letter_batch_dialog_is_running (data);
}

/* Two customers selected in the list: the dialog offers them (and picks
 * them), writes one PDF with both letters off the main thread, and says so. */
static void
test_batch_dialog (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *pdf = g_build_filename (f->dir, "selected.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  CbzLetterBatchDialog *dialog;
  AdwComboRow *who;
  GListModel *choices;
  guint n_changed = 0;
  gulong changed_id;
  gint64 ids[2];

  ids[0] = debtor_named (f, "Comercializadora Núñez");
  ids[1] = debtor_named (f, "Ortega Hermanos");
  g_array_append_vals (selected, ids, 2);
  dialog = cbz_letter_batch_dialog_new (NULL, f->store, selected);
  gtk_window_present (GTK_WINDOW (dialog));

  /* The level row first, then who the letters are for. */
  who = find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, NULL);
  g_assert_nonnull (who);
  who = ADW_COMBO_ROW (find_next_combo_row (GTK_WIDGET (dialog), GTK_WIDGET (who)));
  choices = adw_combo_row_get_model (who);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 1), ==,
                   "The 2 customers selected in the list");
  g_assert_cmpuint (adw_combo_row_get_selected (who), ==, 1);
  maybe_screenshot (GTK_WIDGET (dialog), "letter-batch.png");

  /* The letters are written through the window's store (one of its worker
   * connections), which tells everyone showing the timelines. */
  changed_id = g_signal_connect_swapped (f->store, "changed", G_CALLBACK (count_changed_cb), &n_changed);
  cbz_letter_batch_dialog_run_to (dialog, pdf, NULL);
  g_assert_true (cbz_letter_batch_dialog_is_running (dialog));
  g_assert_true (cbz_test_spin_until (batch_done, dialog, 30000));
  g_assert_nonnull (strstr (cbz_letter_batch_dialog_get_status (dialog), "2 letters written (2 pages)."));
  g_assert_cmpuint (n_changed, >=, 1);
  g_assert_cmpint (count_sample_letters (f->store, &f->debtors), ==, 2);
  g_signal_handler_disconnect (f->store, changed_id);

  {
    g_autoptr(GFile) file = g_file_new_for_path (pdf);
    PopplerDocument *doc = poppler_document_new_from_gfile (file, NULL, NULL, &error);
    GString *all = g_string_new (NULL);

    g_assert_no_error (error);
    for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
      {
        PopplerPage *page = poppler_document_get_page (doc, i);
        g_autofree char *page_text = poppler_page_get_text (page);

        g_string_append (all, page_text);
        g_object_unref (page);
      }
    g_object_unref (doc);
    text = g_string_free (all, FALSE);
  }
  g_assert_nonnull (strstr (text, "Comercializadora Núñez"));
  g_assert_nonnull (strstr (text, "Ortega Hermanos"));
  g_assert_null (strstr (text, "Talleres Quiroz"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  cbz_ui_register_resource ();

  g_test_add ("/letters/ui/window", Fixture, NULL, fixture_set_up, test_letter_window, fixture_tear_down);
  g_test_add ("/letters/ui/preferences", Fixture, NULL, fixture_set_up, test_preferences_page, fixture_tear_down);
  g_test_add ("/letters/ui/batch-dialog", Fixture, NULL, fixture_set_up, test_batch_dialog, fixture_tear_down);

  return g_test_run ();
}
