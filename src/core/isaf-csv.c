/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-csv"

#include "config.h"

#include <string.h>

#include "isaf-csv.h"

#define BYTE_ORDER_MARK "\xEF\xBB\xBF"
#define LINE_END "\r\n"

GString *
isaf_csv_new (void)
{
  return g_string_new (BYTE_ORDER_MARK);
}

static gboolean
starts_line (GString *csv)
{
  return csv->len == strlen (BYTE_ORDER_MARK) || csv->str[csv->len - 1] == '\n';
}

/* One cell, after a comma unless it starts the line (a line break in a cell is always inside
 * quotes, so only a line end leaves '\n' last). NULL is an empty cell. */
static void
append_cell (GString    *csv,
             const char *text,
             gboolean    guard)
{
  g_autofree char *guarded = NULL;

  if (!starts_line (csv))
    g_string_append_c (csv, ',');
  if (text == NULL)
    return;
  if (guard && text[0] != '\0' && strchr ("=+-@", text[0]) != NULL)
    text = guarded = g_strconcat ("'", text, NULL);
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

void
isaf_csv_append_text (GString    *csv,
                      const char *text)
{
  append_cell (csv, text, TRUE);
}

void
isaf_csv_append_value (GString    *csv,
                       const char *text)
{
  append_cell (csv, text, FALSE);
}

void
isaf_csv_append_integer (GString *csv,
                         gint64   value)
{
  char buffer[24];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  append_cell (csv, buffer, FALSE);
}

void
isaf_csv_append_number (GString    *csv,
                        gboolean    known,
                        const char *format,
                        double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  append_cell (csv, known ? g_ascii_formatd (buffer, sizeof buffer, format, value) : NULL, FALSE);
}

void
isaf_csv_end_line (GString *csv)
{
  g_string_append (csv, LINE_END);
}

void
isaf_csv_append_header (GString            *csv,
                        const char * const *columns,
                        guint               n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    append_cell (csv, columns[i], FALSE);
  isaf_csv_end_line (csv);
}
