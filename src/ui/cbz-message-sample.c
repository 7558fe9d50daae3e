/* cbz-message-sample.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-company-profile.h"
#include "cbz-debtor-list-model.h"
#include "cbz-message-sample.h"
#include "cbz-message-template.h"

/* How many overdue customers to try before falling back to examples (all of
 * a customer's overdue invoices may be disputed). */
#define MAX_SAMPLE_TRIES 20

static CbzTemplateContext *
new_example_context (void)
{
  CbzTemplateContext *context = cbz_template_context_new ();
  guint n_variables;
  const CbzTemplateVariable *variables = cbz_template_get_variables (&n_variables);

  for (guint i = 0; i < n_variables; i++)
    cbz_template_context_set (context, variables[i].id, variables[i].example);
  return context;
}

static const char *
get_example (CbzTemplateVar var)
{
  const CbzTemplateVariable *variables;
  guint n_variables;

  variables = cbz_template_get_variables (&n_variables);
  for (guint i = 0; i < n_variables; i++)
    if (variables[i].id == var)
      return variables[i].example;
  return "";
}

CbzMessageSample *
cbz_message_sample_new_example (void)
{
  CbzMessageSample *self = g_new0 (CbzMessageSample, 1);

  self->kind = CBZ_MESSAGE_SAMPLE_EXAMPLE;
  self->context = new_example_context ();
  return self;
}

void
cbz_message_sample_free (CbzMessageSample *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->context, cbz_template_context_unref);
  g_free (self->problem);
  g_free (self);
}

char *
cbz_message_sample_describe (const CbzMessageSample *self,
                             gboolean                have_store)
{
  const char *name = cbz_template_context_get (self->context, CBZ_TEMPLATE_VAR_NAME);

  switch (self->kind)
    {
    case CBZ_MESSAGE_SAMPLE_SELECTED:
      /* Translators: %s is a customer's name. */
      return g_strdup_printf (_("For %s, the customer shown in the main window."), name);
    case CBZ_MESSAGE_SAMPLE_FIRST:
      /* Translators: %s is a customer's name. */
      return g_strdup_printf (_("For %s, the first customer with something overdue."), name);
    case CBZ_MESSAGE_SAMPLE_EXAMPLE:
    default:
      return g_strdup (have_store ? _("With example values: no customer has anything overdue.")
                                  : _("With example values: no portfolio is open."));
    }
}

static gboolean
try_debtor (CbzStore             *worker,
            CbzMessageSample     *sample,
            gint64                debtor_id,
            CbzTemplateContext   *company,
            CbzMessageSampleKind  kind)
{
  CbzTemplateContext *context;

  if (debtor_id <= 0)
    return FALSE;
  /* Nothing overdue, or only disputed invoices: try the next one. */
  context = cbz_message_context_new_for_debtor (worker, debtor_id, company, NULL, NULL);
  if (context == NULL)
    return FALSE;

  g_clear_pointer (&sample->context, cbz_template_context_unref);
  sample->context = context;
  sample->debtor_id = debtor_id;
  sample->kind = kind;
  return TRUE;
}

/* A few small reads: the company, one customer and their invoices, and the
 * ordered ids of the overdue list. */
static gboolean
load_job (CbzStore      *worker,
          gpointer       data,
          gpointer      *out_result,
          GCancellable  *cancellable,
          GError       **error)
{
  gint64 preferred = *(gint64 *) data;
  g_autoptr(CbzMessageSample) sample = g_new0 (CbzMessageSample, 1);
  g_autoptr(CbzTemplateContext) company = NULL;
  g_autoptr(CbzDebtorListModel) overdue = NULL;
  g_autoptr(GError) company_error = NULL;
  gboolean found;

  company = cbz_company_profile_load_sender_context (worker, &company_error);
  if (company == NULL)
    {
      /* Still show the message, and say what sending would need. */
      sample->problem = g_strdup (company_error->message);
      company = cbz_template_context_new ();
      cbz_template_context_set (company, CBZ_TEMPLATE_VAR_COMPANY, get_example (CBZ_TEMPLATE_VAR_COMPANY));
    }

  found = try_debtor (worker, sample, preferred, company, CBZ_MESSAGE_SAMPLE_SELECTED);
  if (!found)
    {
      overdue = cbz_debtor_list_model_new (worker);
      cbz_debtor_list_model_set_aging_filter (overdue, CBZ_AGING_FILTER_OVERDUE);
      cbz_debtor_list_model_set_sort_key (overdue, CBZ_DEBTOR_SORT_NAME);
      for (guint i = 0; !found && i < MAX_SAMPLE_TRIES; i++)
        {
          gint64 id = cbz_debtor_list_model_get_id (overdue, i);

          if (id == 0)
            break;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          found = try_debtor (worker, sample, id, company, CBZ_MESSAGE_SAMPLE_FIRST);
        }
    }
  if (!found)
    sample->context = new_example_context ();

  *out_result = g_steal_pointer (&sample);
  return TRUE;
}

void
cbz_message_sample_load_async (CbzStore            *store,
                               gint64               preferred_debtor_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CBZ_IS_STORE (store));

  cbz_store_run_async (store, load_job, g_memdup2 (&preferred_debtor_id, sizeof preferred_debtor_id), g_free,
                       (GDestroyNotify) cbz_message_sample_free, cancellable, callback, user_data);
}

CbzMessageSample *
cbz_message_sample_load_finish (CbzStore      *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  gpointer sample = NULL;

  if (!cbz_store_run_finish (store, result, &sample, error))
    return NULL;
  return sample;
}
