/* cbz-template.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-template.h"

typedef struct
{
  gsize          start;  /* byte offset of a literal run in text */
  gsize          length; /* bytes of literal text; 0 for a variable */
  CbzTemplateVar var;    /* meaningful when length == 0 */
} Segment;

struct _CbzTemplate
{
  gatomicrefcount  ref_count;
  char            *text;
  GArray          *segments; /* of Segment */
  guint64          used;     /* bit per CbzTemplateVar */
};

struct _CbzTemplateContext
{
  gatomicrefcount  ref_count;
  char            *values[CBZ_TEMPLATE_N_VARS];
};

G_STATIC_ASSERT (CBZ_TEMPLATE_N_VARS <= 64);

static const CbzTemplateVariable variables[] = {
  { CBZ_TEMPLATE_VAR_NAME, "nombre", "name",
    N_("The customer’s name"), "Comercializadora Núñez" },
  { CBZ_TEMPLATE_VAR_CONTACT, "contacto", "contact",
    N_("The customer’s contact person"), "María José Peña" },
  { CBZ_TEMPLATE_VAR_TAX_ID, "id_fiscal", "tax_id",
    N_("The customer’s tax ID"), "CNU120305AB1" },
  { CBZ_TEMPLATE_VAR_OVERDUE_BALANCE, "saldo_vencido", "overdue_balance",
    N_("The overdue balance"), "$12,345.67" },
  { CBZ_TEMPLATE_VAR_TOTAL_BALANCE, "saldo_total", "total_balance",
    N_("All open balance, overdue or not"), "$15,000.00" },
  { CBZ_TEMPLATE_VAR_TOTAL_DUE, "total_a_pagar", "total_due",
    N_("The overdue balance plus late fees"), "$12,500.00" },
  { CBZ_TEMPLATE_VAR_LATE_FEE, "cargo_moratorio", "late_fee",
    N_("Late fees or interest charged"), "$154.33" },
  { CBZ_TEMPLATE_VAR_DAYS_OVERDUE, "dias_mora", "days_overdue",
    N_("Days overdue of the oldest invoice"), "45" },
  { CBZ_TEMPLATE_VAR_DUE_DATE, "fecha_vencimiento", "due_date",
    N_("Due date of the oldest overdue invoice"), "9 de octubre de 2026" },
  { CBZ_TEMPLATE_VAR_INVOICES, "facturas", "invoices",
    N_("The overdue invoice numbers"), "A-101, A-102 y A-117" },
  { CBZ_TEMPLATE_VAR_INVOICE, "factura", "invoice",
    N_("The oldest overdue invoice number"), "A-101" },
  { CBZ_TEMPLATE_VAR_INVOICE_COUNT, "numero_facturas", "invoice_count",
    N_("How many invoices are overdue"), "3" },
  { CBZ_TEMPLATE_VAR_CURRENCY, "moneda", "currency",
    N_("The currency code"), "MXN" },
  { CBZ_TEMPLATE_VAR_PAYMENT_LINK, "enlace_pago", "payment_link",
    N_("The link where the customer can pay"), "https://pay.example/A-101" },
  { CBZ_TEMPLATE_VAR_PAYMENT_REFERENCE, "referencia_pago", "payment_reference",
    N_("The reference to quote when paying"), "CNU120305AB1" },
  { CBZ_TEMPLATE_VAR_BANK, "banco", "bank",
    N_("The bank to pay into"), "BBVA México" },
  { CBZ_TEMPLATE_VAR_ACCOUNT, "cuenta", "account",
    N_("The account number, CLABE or CBU"), "012180001234567897" },
  { CBZ_TEMPLATE_VAR_COMPANY, "empresa", "company",
    N_("Your company’s name"), "Distribuidora del Bajío" },
  { CBZ_TEMPLATE_VAR_COMPANY_PHONE, "telefono_empresa", "company_phone",
    N_("Your company’s phone"), "+52 55 1234 5678" },
  { CBZ_TEMPLATE_VAR_COMPANY_EMAIL, "correo_empresa", "company_email",
    N_("Your company’s email"), "cobranza@example.mx" },
  { CBZ_TEMPLATE_VAR_SIGNER, "firmante", "signer",
    N_("Who signs the letter"), "Laura Gómez" },
  { CBZ_TEMPLATE_VAR_DATE, "fecha", "date",
    N_("Today’s date"), "23 de noviembre de 2026" },
  { CBZ_TEMPLATE_VAR_DEADLINE, "fecha_limite", "deadline",
    N_("The date by which to pay"), "3 de diciembre de 2026" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (variables) == CBZ_TEMPLATE_N_VARS);

G_DEFINE_QUARK (cbz-template-error-quark, cbz_template_error)

/* "días_mora", "Dias_Mora" and " dias_mora " all mean dias_mora. */
static char *
normalize_name (const char *name,
                gsize       length)
{
  g_autofree char *trimmed = g_strstrip (g_strndup (name, length));
  g_autofree char *ascii = g_str_to_ascii (trimmed, "C");

  return g_ascii_strdown (ascii, -1);
}

static const CbzTemplateVariable *
lookup_normalized (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      if (g_str_equal (variables[i].name, key) || g_str_equal (variables[i].alias, key))
        return &variables[i];
    }
  return NULL;
}

static CbzTemplateDiagnostic *
diagnostic_new (CbzTemplateError  code,
                const char       *text,
                gsize             offset,
                gsize             length,
                const char       *variable)
{
  CbzTemplateDiagnostic *d = g_new0 (CbzTemplateDiagnostic, 1);
  guint line = 1;
  const char *line_start = text;

  for (const char *p = text; p < text + offset; p++)
    {
      if (*p == '\n')
        {
          line++;
          line_start = p + 1;
        }
    }

  d->code = code;
  d->line = line;
  d->column = (guint) g_utf8_strlen (line_start, text + offset - line_start) + 1;
  d->offset = offset;
  d->length = length;
  d->variable = g_strdup (variable);

  switch (code)
    {
    case CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE:
      /* Translators: a placeholder {{name}} in a letter or message template names no known variable */
      d->message = g_strdup_printf (_("Line %u, column %u: unknown variable “%s”"),
                                    d->line, d->column, variable);
      break;
    case CBZ_TEMPLATE_ERROR_SYNTAX:
      if (variable == NULL)
        d->message = g_strdup_printf (_("Line %u, column %u: “{{” starts a variable but no name follows"),
                                      d->line, d->column);
      else
        d->message = g_strdup_printf (_("Line %u, column %u: variable “%s” is not closed with “}}”"),
                                      d->line, d->column, variable);
      break;
    case CBZ_TEMPLATE_ERROR_MISSING_VALUE:
      d->message = g_strdup_printf (_("Line %u, column %u: there is no value for “%s”"),
                                    d->line, d->column, variable);
      break;
    default:
      g_assert_not_reached ();
    }

  return d;
}

/*
 * Walks @text once. With @diagnostics, collects every problem and goes on;
 * with @segments, builds the parsed form. Returns FALSE when any problem was
 * found.
 */
static gboolean
scan (const char *text,
      GArray     *segments,
      guint64    *used,
      GPtrArray  *diagnostics)
{
  const char *p = text;
  const char *literal = text;
  gboolean ok = TRUE;

  while ((p = strstr (p, "{{")) != NULL)
    {
      const char *name_start = p + 2;
      const char *end = name_start;
      const CbzTemplateVariable *var;
      g_autofree char *key = NULL;
      g_autofree char *written = NULL;

      /* A variable name never spans a line, and `{{{x}}` is `{` + `{{x}}`. */
      while (*name_start == '{')
        {
          p++;
          name_start++;
        }
      end = name_start;
      while (*end != '\0' && *end != '\n' && !(end[0] == '}' && end[1] == '}'))
        end++;

      written = g_strstrip (g_strndup (name_start, end - name_start));

      if (*end != '}')
        {
          ok = FALSE;
          if (diagnostics != NULL)
            g_ptr_array_add (diagnostics,
                             diagnostic_new (CBZ_TEMPLATE_ERROR_SYNTAX, text, p - text, end - p,
                                             written[0] != '\0' ? written : NULL));
          p = end;
          continue;
        }

      if (written[0] == '\0')
        {
          ok = FALSE;
          if (diagnostics != NULL)
            g_ptr_array_add (diagnostics,
                             diagnostic_new (CBZ_TEMPLATE_ERROR_SYNTAX, text, p - text,
                                             end + 2 - p, NULL));
          p = end + 2;
          continue;
        }

      key = normalize_name (name_start, end - name_start);
      var = lookup_normalized (key);
      if (var == NULL)
        {
          ok = FALSE;
          if (diagnostics != NULL)
            g_ptr_array_add (diagnostics,
                             diagnostic_new (CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE, text, p - text,
                                             end + 2 - p, written));
          p = end + 2;
          continue;
        }

      if (segments != NULL)
        {
          Segment lit = { literal - text, p - literal, 0 };
          Segment v = { p - text, 0, var->id };

          if (lit.length > 0)
            g_array_append_val (segments, lit);
          g_array_append_val (segments, v);
        }
      if (used != NULL)
        *used |= G_GUINT64_CONSTANT (1) << var->id;

      p = end + 2;
      literal = p;
    }

  if (segments != NULL && *literal != '\0')
    {
      Segment lit = { literal - text, strlen (literal), 0 };
      g_array_append_val (segments, lit);
    }

  return ok;
}

/**
 * cbz_template_get_variables:
 * @n_variables: (out): how many there are
 *
 * Returns: (array length=n_variables): every variable templates may use, in
 *   the order an editor should list them.
 */
const CbzTemplateVariable *
cbz_template_get_variables (guint *n_variables)
{
  g_return_val_if_fail (n_variables != NULL, NULL);

  *n_variables = G_N_ELEMENTS (variables);
  return variables;
}

/**
 * cbz_template_lookup_variable:
 * @name_or_alias: a Spanish name or English alias, as a template may write it
 *
 * Returns: (nullable): the variable, or %NULL when the name is unknown.
 */
const CbzTemplateVariable *
cbz_template_lookup_variable (const char *name_or_alias)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (name_or_alias != NULL, NULL);

  key = normalize_name (name_or_alias, strlen (name_or_alias));
  return lookup_normalized (key);
}

/**
 * cbz_template_check:
 * @text: template text
 *
 * Returns: (transfer full) (element-type CbzTemplateDiagnostic): every
 *   problem in @text, in order; empty when the template is good.
 */
GPtrArray *
cbz_template_check (const char *text)
{
  GPtrArray *diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_template_diagnostic_free);

  g_return_val_if_fail (text != NULL, diagnostics);

  scan (text, NULL, NULL, diagnostics);
  return diagnostics;
}

void
cbz_template_diagnostic_free (CbzTemplateDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->variable);
  g_free (diagnostic->message);
  g_free (diagnostic);
}

/**
 * cbz_template_new:
 * @text: template text, UTF-8
 * @error: set to the first problem (%CBZ_TEMPLATE_ERROR_SYNTAX or
 *   %CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE), whose message names the line,
 *   column and variable
 *
 * Returns: (transfer full) (nullable): the parsed template.
 */
CbzTemplate *
cbz_template_new (const char  *text,
                  GError     **error)
{
  g_autoptr(GArray) segments = NULL;
  CbzTemplate *self;
  guint64 used = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_SYNTAX,
                           _("The template is not valid UTF-8 text"));
      return NULL;
    }

  segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  if (!scan (text, segments, &used, NULL))
    {
      g_autoptr(GPtrArray) diagnostics = cbz_template_check (text);
      CbzTemplateDiagnostic *first;

      g_assert (diagnostics->len > 0);
      first = g_ptr_array_index (diagnostics, 0);
      g_set_error_literal (error, CBZ_TEMPLATE_ERROR, first->code, first->message);
      return NULL;
    }

  self = g_new0 (CbzTemplate, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strdup (text);
  self->segments = g_steal_pointer (&segments);
  self->used = used;
  return self;
}

CbzTemplate *
cbz_template_ref (CbzTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cbz_template_unref (CbzTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->segments);
      g_free (self->text);
      g_free (self);
    }
}

const char *
cbz_template_get_text (CbzTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

gboolean
cbz_template_uses (CbzTemplate    *self,
                   CbzTemplateVar  var)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (var < CBZ_TEMPLATE_N_VARS, FALSE);

  return (self->used & (G_GUINT64_CONSTANT (1) << var)) != 0;
}

/**
 * cbz_template_render:
 * @self: a template
 * @context: the values
 * @error: %CBZ_TEMPLATE_ERROR_MISSING_VALUE when @context has no value for a
 *   variable the template uses (set it to "" to render nothing)
 *
 * Returns: (transfer full) (nullable): the text with every variable replaced.
 */
char *
cbz_template_render (CbzTemplate         *self,
                     CbzTemplateContext  *context,
                     GError             **error)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_sized_new (strlen (self->text) + 64);
  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *seg = &g_array_index (self->segments, Segment, i);
      const char *value;

      if (seg->length > 0)
        {
          g_string_append_len (out, self->text + seg->start, seg->length);
          continue;
        }

      value = context->values[seg->var];
      if (value == NULL)
        {
          g_autoptr(CbzTemplateDiagnostic) d = NULL;
          const char *close = strstr (self->text + seg->start, "}}");

          d = diagnostic_new (CBZ_TEMPLATE_ERROR_MISSING_VALUE, self->text, seg->start,
                              close + 2 - (self->text + seg->start), variables[seg->var].name);
          g_set_error_literal (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_MISSING_VALUE,
                               d->message);
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append (out, value);
    }

  return g_string_free (out, FALSE);
}

/**
 * cbz_template_expand:
 * @text: template text
 * @context: the values
 * @error: as for cbz_template_new() and cbz_template_render()
 *
 * Parses and renders in one step.
 *
 * Returns: (transfer full) (nullable): the rendered text.
 */
char *
cbz_template_expand (const char          *text,
                     CbzTemplateContext  *context,
                     GError             **error)
{
  g_autoptr(CbzTemplate) tmpl = cbz_template_new (text, error);

  if (tmpl == NULL)
    return NULL;
  return cbz_template_render (tmpl, context, error);
}

CbzTemplateContext *
cbz_template_context_new (void)
{
  CbzTemplateContext *self = g_new0 (CbzTemplateContext, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

CbzTemplateContext *
cbz_template_context_ref (CbzTemplateContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cbz_template_context_unref (CbzTemplateContext *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      for (guint i = 0; i < CBZ_TEMPLATE_N_VARS; i++)
        g_free (self->values[i]);
      g_free (self);
    }
}

/**
 * cbz_template_context_set:
 * @self: a context
 * @var: which variable
 * @value: (nullable): its value; %NULL unsets it
 */
void
cbz_template_context_set (CbzTemplateContext *self,
                          CbzTemplateVar      var,
                          const char         *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (var < CBZ_TEMPLATE_N_VARS);

  if (self->values[var] == value)
    return;
  g_free (self->values[var]);
  self->values[var] = g_strdup (value);
}

/**
 * cbz_template_context_set_by_name:
 * @self: a context
 * @name_or_alias: a known variable's name or alias (a programming error otherwise)
 * @value: (nullable): its value
 */
void
cbz_template_context_set_by_name (CbzTemplateContext *self,
                                  const char         *name_or_alias,
                                  const char         *value)
{
  const CbzTemplateVariable *var;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name_or_alias != NULL);

  var = cbz_template_lookup_variable (name_or_alias);
  g_return_if_fail (var != NULL);
  cbz_template_context_set (self, var->id, value);
}

const char *
cbz_template_context_get (CbzTemplateContext *self,
                          CbzTemplateVar      var)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (var < CBZ_TEMPLATE_N_VARS, NULL);

  return self->values[var];
}

/**
 * cbz_template_context_copy:
 *
 * Returns: (transfer full): an independent copy, e.g. to hand to another thread.
 */
CbzTemplateContext *
cbz_template_context_copy (CbzTemplateContext *self)
{
  CbzTemplateContext *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = cbz_template_context_new ();
  for (guint i = 0; i < CBZ_TEMPLATE_N_VARS; i++)
    copy->values[i] = g_strdup (self->values[i]);
  return copy;
}
