/* test-letters-store.c: the company profile, template edits, letters built
 * from the portfolio, letters kept as sent, batches.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cbz-letter-archive.h"
#include "cbz-letter-batch.h"
#include "cbz-letter-renderer.h"
#include "cbz-letter-template.h"
#include "letters-store.h"

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
debtor_by_name (Fixture    *f,
                const char *name)
{
  return sample_debtor (&f->debtors, name);
}

static int
count_letter_events (Fixture *f)
{
  return count_sample_letters (f->store, &f->debtors);
}

static void
test_profile_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCompanyProfile) expected = sample_profile ();
  g_autoptr(CbzCompanyProfile) loaded = cbz_company_profile_load (f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (loaded->name, ==, expected->name);
  g_assert_cmpstr (loaded->address, ==, expected->address);
  g_assert_cmpstr (loaded->payment_link_pattern, ==, expected->payment_link_pattern);
  g_assert_true (g_bytes_equal (loaded->logo_png, expected->logo_png));
  g_assert_null (loaded->signature_png);
  g_assert_cmpint (loaded->late_fee_kind, ==, CBZ_LATE_FEE_SIMPLE_INTEREST);
  g_assert_cmpint (loaded->late_fee_rate_bp, ==, 150);
  g_assert_cmpint (loaded->paper, ==, CBZ_PAPER_A4);

  loaded->paper = CBZ_PAPER_LETTER;
  g_clear_pointer (&loaded->logo_png, g_bytes_unref);
  g_assert_true (cbz_company_profile_save (loaded, f->store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CbzCompanyProfile) again = cbz_company_profile_load (f->store, &error);

    g_assert_cmpint (again->paper, ==, CBZ_PAPER_LETTER);
    g_assert_null (again->logo_png);
  }
}

static void
test_template_edits (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *builtin = cbz_letter_template_get_builtin (CBZ_LETTER_LEVEL_NOTICE, "es");
  g_autofree char *loaded = NULL;
  g_autofree char *after_reset = NULL;
  gboolean custom = TRUE;

  loaded = cbz_letter_template_load (f->store, CBZ_LETTER_LEVEL_NOTICE, "es", &custom, &error);
  g_assert_no_error (error);
  g_assert_false (custom);
  g_assert_cmpstr (loaded, ==, builtin);

  /* An unknown variable is refused, with where it is. */
  g_assert_false (cbz_letter_template_save (f->store, CBZ_LETTER_LEVEL_NOTICE, "es",
                                            "Asunto: x\n\nDebe {{saldo}}.", &error));
  g_assert_error (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_nonnull (strstr (error->message, "saldo"));
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_clear_error (&error);

  g_assert_true (cbz_letter_template_save (f->store, CBZ_LETTER_LEVEL_NOTICE, "es",
                                           "Asunto: x\n\nDebe {{saldo_vencido}}.", &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, g_free);
  loaded = cbz_letter_template_load (f->store, CBZ_LETTER_LEVEL_NOTICE, "es", &custom, &error);
  g_assert_true (custom);
  g_assert_cmpstr (loaded, ==, "Asunto: x\n\nDebe {{saldo_vencido}}.");

  /* The English text of the same level is untouched. */
  g_clear_pointer (&loaded, g_free);
  loaded = cbz_letter_template_load (f->store, CBZ_LETTER_LEVEL_NOTICE, "en", &custom, &error);
  g_assert_false (custom);

  g_assert_true (cbz_letter_template_reset (f->store, CBZ_LETTER_LEVEL_NOTICE, "es", &error));
  after_reset = cbz_letter_template_load (f->store, CBZ_LETTER_LEVEL_NOTICE, "es", &custom, &error);
  g_assert_false (custom);
  g_assert_cmpstr (after_reset, ==, builtin);
}

static void
test_builtin_templates_render (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (0, 2, CBZ_LETTER_LEVEL_REMINDER, "es");
  g_autoptr(CbzTemplateContext) context = cbz_letter_build_context (letter, profile);

  /* Every built-in text parses, names the creditor and states the amount. */
  for (int level = 1; level <= 3; level++)
    for (int lang = 0; lang < 2; lang++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = cbz_letter_template_get_builtin (level, lang ? "en" : "es");
        g_autoptr(CbzLetterContent) content = cbz_letter_content_new (text, context, &error);
        g_autoptr(GString) all = g_string_new (NULL);
        gboolean has_invoices = FALSE, has_payment = FALSE;

        g_assert_no_error (error);
        g_assert_nonnull (content->subject);
        g_assert_nonnull (content->salutation);
        g_assert_nonnull (content->closing);
        for (guint i = 0; i < content->blocks->len; i++)
          {
            CbzLetterBlock *b = g_ptr_array_index (content->blocks, i);

            has_invoices |= b->kind == CBZ_LETTER_BLOCK_INVOICES;
            has_payment |= b->kind == CBZ_LETTER_BLOCK_PAYMENT;
            if (b->text != NULL)
              g_string_append (all, b->text);
          }
        g_assert_true (has_invoices);
        g_assert_true (has_payment);
        g_assert_nonnull (strstr (all->str, profile->name));
        g_assert_nonnull (strstr (all->str, cbz_template_context_get (context, CBZ_TEMPLATE_VAR_OVERDUE_BALANCE)));
        /* Nothing that reads like a court paper or a threat of legal action. */
        g_assert_null (strstr (all->str, "demanda"));
        g_assert_null (strstr (all->str, "juzgado"));
        g_assert_null (strstr (all->str, "lawsuit"));
        g_assert_null (strstr (all->str, "court"));
        g_assert_null (strstr (all->str, "buró"));
        g_assert_null (strstr (all->str, "credit bureau"));
      }
}

static void
test_letter_from_store (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetter) letter = NULL;
  CbzLetterInvoice *first;

  letter = cbz_letter_new_from_store (f->store, debtor_by_name (f, "Comercializadora Núñez"),
                                      CBZ_LETTER_LEVEL_NOTICE, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (letter->name, ==, "Comercializadora Núñez");
  g_assert_cmpstr (cbz_letter_get_language (letter), ==, "es");
  /* Not the disputed one, not the USD one, not the one not yet due. */
  g_assert_cmpuint (letter->invoices->len, ==, 2);
  first = g_ptr_array_index (letter->invoices, 0);
  g_assert_cmpstr (first->number, ==, "A-101");
  g_assert_cmpint (first->days_overdue, ==, 45);
  g_assert_cmpint (cbz_letter_get_overdue_total (letter), ==, 1234567 + 250000);

  /* At least 30 days: only A-101. */
  g_clear_pointer (&letter, cbz_letter_free);
  letter = cbz_letter_new_from_store (f->store, debtor_by_name (f, "Comercializadora Núñez"),
                                      CBZ_LETTER_LEVEL_NOTICE, "en", 30, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letter->invoices->len, ==, 1);
  g_assert_cmpstr (cbz_letter_get_language (letter), ==, "en");

  g_clear_pointer (&letter, cbz_letter_free);
  letter = cbz_letter_new_from_store (f->store, debtor_by_name (f, "Talleres Quiroz"),
                                      CBZ_LETTER_LEVEL_FINAL, NULL, 1, &error);
  g_assert_null (letter);
  g_assert_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_OPTED_OUT);
}

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzCompanyProfile) profile = cbz_company_profile_load (f->store, NULL);
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
  g_autoptr(CbzLetter) letter = NULL;
  g_autoptr(CbzLetterDocument) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *docs = g_build_filename (f->dir, "documents", NULL);
  g_autofree char *path = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *expected_name = NULL;
  gsize length = 0;
  const gint64 *ids;
  gsize n_ids = 0;
  gint64 event_id;

  letter = cbz_letter_new_from_store (f->store, debtor_by_name (f, "Comercializadora Núñez"),
                                      CBZ_LETTER_LEVEL_NOTICE, NULL, 1, &error);
  doc = cbz_letter_renderer_layout (renderer, letter, NULL, &error);
  g_assert_no_error (error);
  pdf = cbz_letter_document_to_pdf (doc, &error);
  g_assert_no_error (error);

  event_id = cbz_letter_archive_add (f->store, letter, cbz_letter_document_get_subject (doc),
                                     cbz_letter_document_get_n_pages (doc), pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (event_id, >, 0);

  event = cbz_store_get_event (f->store, event_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cbz_event_get_kind (event), ==, CBZ_EVENT_KIND_LETTER);
  g_assert_cmpint (cbz_event_get_channel (event), ==, CBZ_EVENT_CHANNEL_LETTER);
  g_assert_cmpint (cbz_event_get_direction (event), ==, CBZ_EVENT_DIRECTION_OUTBOUND);
  ids = cbz_event_get_invoice_ids (event, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_nonnull (ids);

  /* Kept by content hash next to the database, byte for byte. */
  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  expected_name = g_strdup_printf ("sha256-%s.pdf", hash);
  g_assert_cmpstr (cbz_event_get_attachment (event), ==, expected_name);
  path = cbz_letter_archive_get_path (f->path, cbz_event_get_attachment (event), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, docs));
  g_assert_true (g_file_get_contents (path, &stored, &length, &error));
  g_assert_cmpmem (stored, length, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  /* Names that are not ours never reach the file system. */
  g_assert_null (cbz_letter_archive_get_path (f->path, "../demo.sqlite", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
}

static void
test_batch_separate_and_combined (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterBatchOptions) options = cbz_letter_batch_options_new (CBZ_LETTER_LEVEL_NOTICE);
  g_autoptr(CbzLetterBatchResult) result = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "out", NULL);
  g_autofree char *combined = g_build_filename (f->dir, "all.pdf", NULL);
  gint64 ids[] = { 0, 0, 0 };

  ids[0] = debtor_by_name (f, "Comercializadora Núñez");
  ids[1] = debtor_by_name (f, "Ortega Hermanos");
  ids[2] = debtor_by_name (f, "Talleres Quiroz");
  options->debtor_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_vals (options->debtor_ids, ids, 3);
  options->folder = g_strdup (folder);
  options->combined_path = g_strdup (combined);
  options->record = TRUE;
  options->n_threads = 2;


  result = cbz_letter_batch_run (f->store, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_letters, ==, 2);
  g_assert_cmpuint (result->n_skipped, ==, 1); /* Quiroz asked for no letters */
  g_assert_cmpuint (result->files->len, ==, 2);
  for (guint i = 0; i < result->files->len; i++)
    g_assert_true (g_file_test (g_ptr_array_index (result->files, i), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (combined, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count_letter_events (f), ==, 2);
}

static void
test_batch_everyone_at_level (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterBatchOptions) options = cbz_letter_batch_options_new (CBZ_LETTER_LEVEL_NOTICE);
  g_autoptr(CbzLetterBatchResult) result = NULL;
  g_autofree char *combined = g_build_filename (f->dir, "level2.pdf", NULL);

  options->combined_path = g_strdup (combined);
  /* Level 2 is 30-59 days: Núñez (45) only; Ortega (10) is level 1, Quiroz opted out. */
  result = cbz_letter_batch_run (f->store, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_letters, ==, 1);
  g_assert_cmpint (count_letter_events (f), ==, 0); /* record was not asked for */
}

static void
on_progress_cancel_cb (guint    done,
                       guint    total,
                       gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_batch_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CbzLetterBatchOptions) options = cbz_letter_batch_options_new (CBZ_LETTER_LEVEL_REMINDER);
  g_autoptr(CbzLetterBatchResult) result = NULL;
  g_autofree char *combined = g_build_filename (f->dir, "cancelled.pdf", NULL);

  options->min_days_overdue = 1;
  options->combined_path = g_strdup (combined);
  options->record = TRUE;
  options->n_threads = 1;
  result = cbz_letter_batch_run (f->store, options, cancellable, on_progress_cancel_cb, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_letter_events (f), ==, 0);
}

typedef struct
{
  CbzLetterBatchResult *result;
  GError               *error;
  guint                 reports;
  guint                 last_done;
  gboolean              done;
} AsyncState;

static void
on_async_progress_cb (guint    done,
                      guint    total,
                      gpointer user_data)
{
  AsyncState *state = user_data;

  /* Delivered on the main context, in order. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (done, >=, state->last_done);
  state->last_done = done;
  state->reports++;
}

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncState *state = user_data;

  state->result = cbz_letter_batch_run_finish (result, &state->error);
  state->done = TRUE;
}

static gboolean
async_done (gpointer data)
{
  return ((AsyncState *) data)->done;
}

static void
test_batch_async (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CbzLetterBatchOptions) options = cbz_letter_batch_options_new (CBZ_LETTER_LEVEL_REMINDER);
  g_autofree char *folder = g_build_filename (f->dir, "async", NULL);
  AsyncState state = { 0, };

  options->min_days_overdue = 1;
  options->folder = g_strdup (folder);
  options->record = TRUE;
  cbz_letter_batch_run_async (f->store, options, NULL, on_async_progress_cb, &state, on_async_done_cb, &state);
  g_assert_true (cbz_test_spin_until (async_done, &state, 30000));
  g_assert_no_error (state.error);
  g_assert_nonnull (state.result);
  g_assert_cmpuint (state.result->n_letters, ==, 2);
  g_assert_cmpuint (state.last_done, ==, 2);
  g_assert_cmpuint (state.reports, >=, 1);
  g_clear_pointer (&state.result, cbz_letter_batch_result_free);
  g_assert_cmpint (count_letter_events (f), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/letters/store/profile", test_profile_round_trip);
  ADD ("/letters/store/template-edits", test_template_edits);
  ADD ("/letters/store/builtin-templates", test_builtin_templates_render);
  ADD ("/letters/store/letter", test_letter_from_store);
  ADD ("/letters/store/archive", test_archive);
  ADD ("/letters/batch/separate-and-combined", test_batch_separate_and_combined);
  ADD ("/letters/batch/everyone-at-level", test_batch_everyone_at_level);
  ADD ("/letters/batch/cancel", test_batch_cancel);
  ADD ("/letters/batch/async", test_batch_async);
#undef ADD

  return g_test_run ();
}
