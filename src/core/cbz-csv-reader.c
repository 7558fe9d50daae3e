/* cbz-csv-reader.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-csv-reader.h"
#include "cbz-import.h"

/* Offsets, grown by doubling: a million rows of a dozen cells are appended
 * one at a time. */
typedef struct
{
  guint32 *data;
  gsize    len;
  gsize    size;
} Offsets;

struct _CbzCsvTable
{
  char     *buffer;     /* UTF-8 text, cells NUL-terminated in place */
  gsize     length;
  char     *encoding;
  gboolean  had_bom;
  char      delimiter;
  Offsets   cells;      /* offsets into buffer */
  Offsets   rows;       /* index into cells of each row's first cell, and one past the last */
};

/* Windows-1252 0x80..0x9F; the rest of the upper half is Latin-1. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
  0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

#define SAMPLE_RECORDS 50
#define PROGRESS_STEP (1 << 20)

static inline void
offsets_append (Offsets *offsets,
                guint32  value)
{
  if (G_UNLIKELY (offsets->len == offsets->size))
    {
      offsets->size = MAX (offsets->size * 2, 1024);
      offsets->data = g_renew (guint32, offsets->data, offsets->size);
    }
  offsets->data[offsets->len++] = value;
}

/* g_utf8_validate_len(), at the speed of ASCII for the ASCII that most of
 * a CSV file is: eight bytes at a time, and GLib's check for each
 * multibyte character. NUL is no text either. */
static gboolean
validate_utf8 (const char  *text,
               gsize        length,
               const char **end)
{
  const guchar *p = (const guchar *) text;
  const guchar *e = p + length;

  while (p < e)
    {
      guint n;

      while (e - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, 8);
          /* Any byte with its high bit set, or zero. */
          if (((word | ((word - 0x0101010101010101ull) & ~word)) & 0x8080808080808080ull) != 0)
            break;
          p += 8;
        }
      while (p < e && *p != 0 && *p < 0x80)
        p++;
      if (p >= e)
        break;
      n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
      if (*p == 0 || (gsize) (e - p) < n || !g_utf8_validate_len ((const char *) p, n, NULL))
        {
          *end = (const char *) p;
          return FALSE;
        }
      p += n;
    }
  return TRUE;
}

static guint
line_of_offset (const char *text,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    line += text[i] == '\n';
  return line;
}

static char *
convert_cp1252 (const char *in,
                gsize       length,
                gsize      *out_length)
{
  gsize extra = 0;
  char *out;
  char *o;

  for (gsize i = 0; i < length; i++)
    extra += (guchar) in[i] >= 0x80 ? 2 : 0;
  out = g_malloc (length + extra + 1);
  o = out;
  for (gsize i = 0; i < length; i++)
    {
      guchar c = in[i];

      if (c < 0x80)
        *o++ = c;
      else
        o += g_unichar_to_utf8 (c < 0xA0 ? cp1252_high[c - 0x80] : c, o);
    }
  *o = '\0';
  *out_length = o - out;
  return out;
}

static gboolean
is_utf8_name (const char *encoding)
{
  return g_ascii_strcasecmp (encoding, "UTF-8") == 0 || g_ascii_strcasecmp (encoding, "UTF8") == 0;
}

static gboolean
is_cp1252_name (const char *encoding)
{
  return g_ascii_strcasecmp (encoding, "WINDOWS-1252") == 0 ||
         g_ascii_strcasecmp (encoding, "CP1252") == 0 ||
         g_ascii_strcasecmp (encoding, "WINDOWS1252") == 0;
}

/* Makes table->buffer hold UTF-8 text with a NUL after it; frees or keeps
 * @contents as needed. */
static gboolean
decode (CbzCsvTable  *table,
        char         *contents,
        gsize         length,
        const char   *encoding,
        GError      **error)
{
  const guchar *u = (const guchar *) contents;
  const char *end = NULL;

  if (length >= 4 && memcmp (contents, "PK\003\004", 4) == 0)
    {
      g_free (contents);
      g_set_error_literal (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_ENCODING,
                           _("This is a spreadsheet workbook (.xlsx), not a CSV file. "
                             "Open it in your spreadsheet program and save it as CSV."));
      return FALSE;
    }

  if (encoding == NULL || is_utf8_name (encoding))
    {
      if (length >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        {
          table->had_bom = TRUE;
          memmove (contents, contents + 3, length - 3);
          length -= 3;
          contents[length] = '\0';
        }
    }

  if (encoding == NULL && length >= 2 &&
      ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    encoding = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";

  if (encoding != NULL && g_str_has_prefix (encoding, "UTF-16"))
    {
      g_autoptr(GError) local_error = NULL;
      gsize skip = length >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)) ? 2 : 0;
      gsize written = 0;
      char *converted = g_convert (contents + skip, length - skip, "UTF-8", encoding,
                                   NULL, &written, &local_error);

      g_free (contents);
      if (converted == NULL)
        {
          g_set_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_ENCODING,
                       _("The file is not valid %s text"), encoding);
          return FALSE;
        }
      table->had_bom = skip > 0;
      table->encoding = g_strdup (encoding);
      table->buffer = converted;
      table->length = written;
    }
  else if (encoding == NULL || is_utf8_name (encoding))
    {
      if (validate_utf8 (contents, length, &end))
        {
          table->encoding = g_strdup ("UTF-8");
          table->buffer = contents;
          table->length = length;
        }
      else if (encoding != NULL)
        {
          guint line = line_of_offset (contents, end - contents);

          g_free (contents);
          g_set_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_ENCODING,
                       _("The file is not valid UTF-8 text (line %u has a byte that is not UTF-8); "
                         "try Windows-1252, the encoding Excel uses in Spanish"),
                       line);
          return FALSE;
        }
      else
        {
          /* Not UTF-8: Excel's "CSV" in Spanish and Portuguese Windows. */
          table->buffer = convert_cp1252 (contents, length, &table->length);
          table->encoding = g_strdup ("WINDOWS-1252");
          g_free (contents);
        }
    }
  else if (is_cp1252_name (encoding))
    {
      table->buffer = convert_cp1252 (contents, length, &table->length);
      table->encoding = g_strdup ("WINDOWS-1252");
      g_free (contents);
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      gsize written = 0;
      char *converted = g_convert (contents, length, "UTF-8", encoding, NULL, &written, &local_error);

      g_free (contents);
      if (converted == NULL)
        {
          g_set_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_ENCODING,
                       _("The file is not valid %s text"), encoding);
          return FALSE;
        }
      table->encoding = g_ascii_strup (encoding, -1);
      table->buffer = converted;
      table->length = written;
    }

  if (memchr (table->buffer, '\0', table->length) != NULL)
    {
      g_set_error_literal (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_ENCODING,
                           _("The file has binary data in it; it does not look like a CSV file"));
      return FALSE;
    }
  return TRUE;
}

/* Counts the fields of the first records for one candidate delimiter,
 * honouring quotes. */
static void
sample_field_counts (const char *text,
                     gsize       length,
                     char        delimiter,
                     guint      *counts,
                     guint      *n_records)
{
  gsize i = 0;
  guint n = 0;
  guint fields = 1;
  gboolean in_quotes = FALSE;
  gboolean field_start = TRUE;

  while (i < length && n < SAMPLE_RECORDS)
    {
      char c = text[i];

      if (in_quotes)
        {
          if (c == '"')
            {
              if (i + 1 < length && text[i + 1] == '"')
                i++;
              else
                in_quotes = FALSE;
            }
        }
      else if (c == '"' && field_start)
        in_quotes = TRUE;
      else if (c == delimiter)
        {
          fields++;
          field_start = TRUE;
          i++;
          continue;
        }
      else if (c == '\n' || c == '\r')
        {
          counts[n++] = fields;
          fields = 1;
          if (c == '\r' && i + 1 < length && text[i + 1] == '\n')
            i++;
          field_start = TRUE;
          i++;
          continue;
        }
      else if (c != ' ')
        field_start = FALSE;
      i++;
    }
  if (n < SAMPLE_RECORDS && i >= length && (length > 0 && text[length - 1] != '\n' && text[length - 1] != '\r'))
    counts[n++] = fields;
  *n_records = n;
}

static char
detect_delimiter (const char *text,
                  gsize       length)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  char best = ',';
  guint best_consistent = 0;
  guint best_fields = 1;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint counts[SAMPLE_RECORDS];
      guint n = 0;
      guint mode = 0;
      guint mode_count = 0;

      sample_field_counts (text, length, candidates[c], counts, &n);
      for (guint i = 0; i < n; i++)
        {
          guint same = 0;

          for (guint j = 0; j < n; j++)
            same += counts[j] == counts[i];
          if (same > mode_count || (same == mode_count && counts[i] > mode))
            {
              mode = counts[i];
              mode_count = same;
            }
        }
      if (mode < 2)
        continue;
      /* The header must agree with the rows: it is what the columns are named by. */
      if (n > 0 && counts[0] != mode)
        mode_count /= 2;
      if (mode_count > best_consistent || (mode_count == best_consistent && mode > best_fields))
        {
          best = candidates[c];
          best_consistent = mode_count;
          best_fields = mode;
        }
    }
  return best;
}

static gboolean
parse (CbzCsvTable         *table,
       GCancellable        *cancellable,
       CbzCsvProgressFunc   progress,
       gpointer             progress_data,
       GError             **error)
{
  char *text = table->buffer;
  gsize len = table->length;
  gsize r = 0;
  char delim = table->delimiter;
  gsize next_progress = PROGRESS_STEP;
  guint8 ends_cell[256] = { 0 };
  guint8 ends_quoted[256] = { 0 };

  /* The bytes that end an unquoted cell (the NUL after the text too), and
   * those that need a look inside a quoted one. */
  ends_cell[(guchar) delim] = ends_cell['\n'] = ends_cell['\r'] = ends_cell['\0'] = 1;
  ends_quoted['"'] = ends_quoted['\r'] = ends_quoted['\0'] = 1;

  table->cells.len = 0;
  table->rows.len = 0;
  offsets_append (&table->rows, 0);

  while (r < len)
    {
      gsize w;
      gsize start;
      char term;

      while (r < len && (text[r] == ' ' || (text[r] == '\t' && delim != '\t')))
        r++;
      start = w = r;

      if (r < len && text[r] == '"')
        {
          r++;
          for (;;)
            {
              gsize run = r;

              /* Plain text moves down over the quotes taken out so far. */
              while (!ends_quoted[(guchar) text[run]])
                run++;
              if (run > r)
                {
                  memmove (text + w, text + r, run - r);
                  w += run - r;
                  r = run;
                }
              if (r >= len)
                {
                  g_set_error (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_BAD_QUOTING,
                               _("row %u: a quoted value is never closed (a \" is missing)"),
                               (guint) table->rows.len);
                  return FALSE;
                }
              if (text[r] == '"')
                {
                  if (r + 1 < len && text[r + 1] == '"')
                    {
                      text[w++] = '"';
                      r += 2;
                      continue;
                    }
                  r++;
                  break;
                }
              /* A line break inside a value is "\n", however the file ends its lines. */
              if (text[r] == '\r' && r + 1 < len && text[r + 1] == '\n')
                r++;
              text[w++] = text[r++];
            }
          /* Whatever follows a closing quote before the delimiter. */
          while (!ends_cell[(guchar) text[r]])
            text[w++] = text[r++];
        }
      else
        {
          /* Unquoted: nothing moves. */
          while (!ends_cell[(guchar) text[r]])
            r++;
          w = r;
        }

      term = r < len ? text[r] : '\0';
      while (w > start && (text[w - 1] == ' ' || (text[w - 1] == '\t' && delim != '\t')))
        w--;
      text[w] = '\0';
      offsets_append (&table->cells, (guint32) start);

      if (term == delim)
        {
          r++;
          /* A delimiter at the very end still opens one more (empty) cell. */
          if (r >= len || text[r] == '\n' || text[r] == '\r')
            offsets_append (&table->cells, (guint32) len);
          else
            continue;
          term = r < len ? text[r] : '\0';
        }

      if (term == '\r' && r + 1 < len && text[r + 1] == '\n')
        r += 2;
      else if (term != '\0')
        r++;
      offsets_append (&table->rows, (guint32) table->cells.len);

      if (r >= next_progress)
        {
          next_progress = r + PROGRESS_STEP;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL)
            progress ((double) r / (double) len, progress_data);
        }
    }
  return TRUE;
}

CbzCsvTable *
cbz_csv_table_new_from_data (char                *contents,
                             gsize                length,
                             const char          *encoding,
                             char                 delimiter,
                             GCancellable        *cancellable,
                             CbzCsvProgressFunc   progress,
                             gpointer             progress_data,
                             GError             **error)
{
  g_autoptr(CbzCsvTable) table = NULL;

  g_return_val_if_fail (contents != NULL, NULL);

  if (length >= G_MAXUINT32)
    {
      g_free (contents);
      g_set_error_literal (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_TOO_LARGE,
                           _("The file is larger than 4 GB; split it into smaller files"));
      return NULL;
    }

  table = g_new0 (CbzCsvTable, 1);

  if (encoding != NULL && encoding[0] == '\0')
    encoding = NULL;
  if (!decode (table, contents, length, encoding, error))
    return NULL;

  table->delimiter = delimiter != 0 ? delimiter : detect_delimiter (table->buffer, table->length);
  if (!parse (table, cancellable, progress, progress_data, error))
    return NULL;

  if (table->rows.len < 2)
    {
      g_set_error_literal (error, CBZ_IMPORT_ERROR, CBZ_IMPORT_ERROR_EMPTY_FILE,
                           _("The file is empty"));
      return NULL;
    }
  return g_steal_pointer (&table);
}

CbzCsvTable *
cbz_csv_table_new_from_file (GFile               *file,
                             const char          *encoding,
                             char                 delimiter,
                             GCancellable        *cancellable,
                             CbzCsvProgressFunc   progress,
                             gpointer             progress_data,
                             GError             **error)
{
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* g_file_load_contents() NUL-terminates, which the in-place parser needs. */
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  return cbz_csv_table_new_from_data (contents, length, encoding, delimiter, cancellable,
                                      progress, progress_data, error);
}

void
cbz_csv_table_free (CbzCsvTable *table)
{
  if (table == NULL)
    return;
  g_free (table->buffer);
  g_free (table->encoding);
  g_free (table->cells.data);
  g_free (table->rows.data);
  g_free (table);
}

const char *
cbz_csv_table_get_encoding (CbzCsvTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return table->encoding;
}

gboolean
cbz_csv_table_get_had_bom (CbzCsvTable *table)
{
  g_return_val_if_fail (table != NULL, FALSE);

  return table->had_bom;
}

char
cbz_csv_table_get_delimiter (CbzCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->delimiter;
}

guint
cbz_csv_table_get_n_rows (CbzCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->rows.len - 1;
}

guint
cbz_csv_table_get_n_fields (CbzCsvTable *table,
                            guint        row)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (row + 1 < table->rows.len, 0);

  return table->rows.data[row + 1] - table->rows.data[row];
}

const char *
cbz_csv_table_get_cell (CbzCsvTable *table,
                        guint        row,
                        guint        field)
{
  guint32 first;
  guint32 end;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row + 1 < table->rows.len, NULL);

  first = table->rows.data[row];
  end = table->rows.data[row + 1];
  if (first + field >= end)
    return "";
  return table->buffer + table->cells.data[first + field];
}
