/* test-template.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-template.h"
#include "cbz-test-util.h"

static CbzTemplateContext *
make_context (void)
{
  CbzTemplateContext *ctx = cbz_template_context_new ();

  cbz_template_context_set (ctx, CBZ_TEMPLATE_VAR_NAME, "Comercializadora Núñez");
  cbz_template_context_set (ctx, CBZ_TEMPLATE_VAR_OVERDUE_BALANCE, "$12,345.67");
  cbz_template_context_set (ctx, CBZ_TEMPLATE_VAR_DAYS_OVERDUE, "45");
  cbz_template_context_set_by_name (ctx, "invoice", "A-101");
  return ctx;
}

static void
test_substitution (void)
{
  g_autoptr(CbzTemplateContext) ctx = make_context ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = cbz_template_expand ("Estimado {{nombre}}: su saldo de {{ saldo_vencido }} "
                             "tiene {{días_mora}} días ({{Days_Overdue}}). {{factura}}/{{invoice}}",
                             ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "Estimado Comercializadora Núñez: su saldo de $12,345.67 "
                            "tiene 45 días (45). A-101/A-101");
}

static void
test_literal_braces (void)
{
  g_autoptr(CbzTemplateContext) ctx = make_context ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = cbz_template_expand ("a { b } c }} {{{nombre}}}", ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "a { b } c }} {Comercializadora Núñez}");

  g_clear_pointer (&out, g_free);
  out = cbz_template_expand ("", ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "");
}

static void
test_unknown_variable (void)
{
  g_autoptr(CbzTemplateContext) ctx = make_context ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzTemplate) tmpl = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  CbzTemplateDiagnostic *d;
  const char *text = "Hola {{nombre}},\nsú saldo {{saldo_vencidoo}} y {{monto}}.";

  tmpl = cbz_template_new (text, &error);
  g_assert_null (tmpl);
  g_assert_error (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_nonnull (strstr (error->message, "saldo_vencidoo"));
  g_assert_nonnull (strstr (error->message, "Line 2, column 10"));

  diagnostics = cbz_template_check (text);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  d = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpuint (d->column, ==, 10); /* "sú" counts as two characters */
  g_assert_cmpstr (d->variable, ==, "saldo_vencidoo");
  g_assert_cmpuint (d->offset, ==, strstr (text, "{{saldo_vencidoo") - text);
  g_assert_cmpuint (d->length, ==, strlen ("{{saldo_vencidoo}}"));
  d = g_ptr_array_index (diagnostics, 1);
  g_assert_cmpstr (d->variable, ==, "monto");
  g_assert_cmpint (d->code, ==, CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
}

static void
test_syntax_errors (void)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  CbzTemplateDiagnostic *d;

  diagnostics = cbz_template_check ("uno {{nombre\ndos {{}} tres {{ }}");
  g_assert_cmpuint (diagnostics->len, ==, 3);
  d = g_ptr_array_index (diagnostics, 0);
  g_assert_cmpint (d->code, ==, CBZ_TEMPLATE_ERROR_SYNTAX);
  g_assert_cmpuint (d->line, ==, 1);
  g_assert_cmpuint (d->column, ==, 5);
  g_assert_cmpstr (d->variable, ==, "nombre");
  d = g_ptr_array_index (diagnostics, 1);
  g_assert_cmpuint (d->line, ==, 2);
  g_assert_cmpuint (d->column, ==, 5);
  g_assert_null (d->variable);

  g_assert_null (cbz_template_new ("x {{nombre", &error));
  g_assert_error (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "nombre"));
}

static void
test_missing_value (void)
{
  g_autoptr(CbzTemplateContext) ctx = make_context ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = cbz_template_expand ("Pague en {{payment_link}}", ctx, &error);
  g_assert_null (out);
  g_assert_error (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_MISSING_VALUE);
  g_assert_nonnull (strstr (error->message, "enlace_pago"));

  g_clear_error (&error);
  cbz_template_context_set (ctx, CBZ_TEMPLATE_VAR_PAYMENT_LINK, "");
  out = cbz_template_expand ("Pague en {{payment_link}}", ctx, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "Pague en ");
}

static void
test_variables_table (void)
{
  const CbzTemplateVariable *vars;
  guint n = 0;
  g_autoptr(CbzTemplate) tmpl = NULL;

  vars = cbz_template_get_variables (&n);
  g_assert_cmpuint (n, ==, CBZ_TEMPLATE_N_VARS);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (vars[i].id, ==, i);
      g_assert_true (cbz_template_lookup_variable (vars[i].name) == &vars[i]);
      g_assert_true (cbz_template_lookup_variable (vars[i].alias) == &vars[i]);
    }
  g_assert_null (cbz_template_lookup_variable ("nope"));

  tmpl = cbz_template_new ("{{empresa}} {{due_date}}", NULL);
  g_assert_nonnull (tmpl);
  g_assert_true (cbz_template_uses (tmpl, CBZ_TEMPLATE_VAR_COMPANY));
  g_assert_true (cbz_template_uses (tmpl, CBZ_TEMPLATE_VAR_DUE_DATE));
  g_assert_false (cbz_template_uses (tmpl, CBZ_TEMPLATE_VAR_NAME));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/substitution", test_substitution);
  g_test_add_func ("/template/literal-braces", test_literal_braces);
  g_test_add_func ("/template/unknown-variable", test_unknown_variable);
  g_test_add_func ("/template/syntax-errors", test_syntax_errors);
  g_test_add_func ("/template/missing-value", test_missing_value);
  g_test_add_func ("/template/variables", test_variables_table);

  return g_test_run ();
}
