/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-khmer.h"
#include "isaf-validate.h"

/* Every value is checked here, in the core, before it reaches the database: the interface
 * may check as the user types, but it is this code that decides. Each rule has its own error
 * code and a translated sentence that names the field and says what to fix. */

static const char *
label (const IsafColumn *column)
{
  return _(column->label);
}

/* Long texts (notes, decisions) keep their line breaks; each line is normalised. */
#define MULTILINE_MIN_CHARS 1000

static char *
normalize_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) result = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *line = isaf_khmer_normalize (lines[i]);

      if (result->len > 0 || line[0] != '\0')
        g_string_append_printf (result, "%s%s", result->len > 0 ? "\n" : "", line);
    }

  /* Trailing empty lines carry nothing. */
  while (result->len > 0 && result->str[result->len - 1] == '\n')
    g_string_truncate (result, result->len - 1);

  return g_string_free (g_steal_pointer (&result), FALSE);
}

static gboolean
validate_text (const IsafColumn *column,
               IsafValue        *value,
               GError          **error)
{
  g_autofree char *normalized = NULL;
  glong length;

  if (!g_utf8_validate (value->text, -1, NULL))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_TEXT,
                   _("%s contains characters that cannot be read. Type it again."),
                   label (column));
      return FALSE;
    }

  /* Stored normalised, so that names typed in different but identical-looking Khmer
   * sequences compare equal everywhere (search, duplicates, sync). */
  normalized = column->max >= MULTILINE_MIN_CHARS ? normalize_lines (value->text)
                                                  : isaf_khmer_normalize (value->text);
  g_free (value->text);
  value->text = g_steal_pointer (&normalized);

  if (value->text[0] == '\0')
    {
      isaf_value_clear (value);
      return TRUE;
    }

  length = g_utf8_strlen (value->text, -1);
  if (column->max > 0 && length > column->max)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_TOO_LONG,
                   _("%s is too long: it has %ld characters and at most %ld are allowed. "
                     "Shorten it."),
                   label (column), (long) length, (long) column->max);
      return FALSE;
    }

  return TRUE;
}

/* Phone numbers keep digits, spaces, '+', '-' and parentheses; Khmer digits become Western
 * digits so that the same number is stored the same way whoever typed it. */
static gboolean
validate_phone (const IsafColumn *column,
                IsafValue        *value,
                GError          **error)
{
  g_autoptr(GString) phone = NULL;

  if (!validate_text (column, value, error))
    return FALSE;
  if (value->type == ISAF_VALUE_NULL)
    return TRUE;

  phone = g_string_new (NULL);
  for (const char *p = value->text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x17E0 && c <= 0x17E9)
        g_string_append_c (phone, '0' + (c - 0x17E0));
      else if (g_ascii_isdigit (c) || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')')
        g_string_append_c (phone, c);
      else
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_TEXT,
                       _("%s may contain only digits, spaces and the signs + - ( )."),
                       label (column));
          return FALSE;
        }
    }

  g_free (value->text);
  value->text = g_string_free (g_steal_pointer (&phone), FALSE);
  return TRUE;
}

static gboolean
expect_type (const IsafColumn *column,
             const IsafValue  *value,
             IsafValueType     type,
             GError          **error)
{
  if (value->type == type)
    return TRUE;

  g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_WRONG_TYPE,
               _("%s has a value of the wrong kind."), label (column));
  return FALSE;
}

static gboolean
validate_integer (const IsafColumn *column,
                  IsafValue        *value,
                  GError          **error)
{
  if (!expect_type (column, value, ISAF_VALUE_INTEGER, error))
    return FALSE;

  switch (column->kind)
    {
    case ISAF_COLUMN_SCORE:
      if (value->integer < 1 || value->integer > 5)
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_SCORE_RANGE,
                       _("%s must be a whole number from 1 (very dissatisfied) to 5 "
                         "(very satisfied)."), label (column));
          return FALSE;
        }
      return TRUE;

    case ISAF_COLUMN_RIEL:
    case ISAF_COLUMN_COUNT:
      if (value->integer < 0)
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE,
                       _("%s cannot be negative. Enter 0 or more."), label (column));
          return FALSE;
        }
      break;

    case ISAF_COLUMN_BOOLEAN:
      if (value->integer != 0 && value->integer != 1)
        return expect_type (column, value, ISAF_VALUE_NULL, error);
      return TRUE;

    default:
      break;
    }

  if (value->integer < column->min || value->integer > column->max)
    {
      /* Numbers formatted first: a 64-bit format macro inside _() cannot be translated. */
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, column->min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, column->max);

      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s must be between %s and %s."), label (column), low, high);
      return FALSE;
    }

  if (column->flags & ISAF_COLUMN_NOT_FUTURE)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      if (value->integer > g_date_time_get_year (now))
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_IN_FUTURE,
                       _("%s cannot be in the future. Check the year."), label (column));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_real (const IsafColumn *column,
               IsafValue        *value,
               GError          **error)
{
  if (value->type == ISAF_VALUE_INTEGER)
    {
      double real = value->integer;

      value->type = ISAF_VALUE_REAL;
      value->real = real;
    }
  if (!expect_type (column, value, ISAF_VALUE_REAL, error))
    return FALSE;

  if (!isfinite (value->real))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s must be a number."), label (column));
      return FALSE;
    }
  if (value->real < 0)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE,
                   _("%s cannot be negative. Enter 0 or more."), label (column));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_date (const IsafColumn *column,
               IsafValue        *value,
               GError          **error)
{
  int year, month, day;

  if (!expect_type (column, value, ISAF_VALUE_TEXT, error))
    return FALSE;

  if (!isaf_parse_iso_date (value->text, &year, &month, &day))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_DATE,
                   _("%s is not a valid date. Use year-month-day, for example 2026-03-15."),
                   label (column));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_choice (const IsafColumn *column,
                 IsafValue        *value,
                 GError          **error)
{
  if (!expect_type (column, value, ISAF_VALUE_TEXT, error))
    return FALSE;

  if (!g_strv_contains (column->choices, value->text))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE,
                   _("%s must be one of the choices offered."), label (column));
      return FALSE;
    }
  return TRUE;
}

/* Only what a SHA-256 in hexadecimal can be: the hash becomes a path on the server. */
static gboolean
validate_file_hash (const IsafColumn *column,
                    const IsafValue  *value,
                    GError          **error)
{
  gboolean ok = strlen (value->text) == 64;

  for (const char *c = value->text; ok && *c != '\0'; c++)
    ok = g_ascii_isdigit (*c) || (*c >= 'a' && *c <= 'f');
  if (!ok)
    g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_FILE_HASH,
                 _("%s does not name a file this computer can find. Attach the file again."),
                 label (column));
  return ok;
}

static gboolean
validate_village_code (const IsafColumn *column,
                       const char       *commune_code,
                       IsafValue        *value,
                       GError          **error)
{
  const IsafGazetteerEntry *entry;

  if (!expect_type (column, value, ISAF_VALUE_TEXT, error))
    return FALSE;

  entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), value->text);
  if (entry == NULL || entry->level != ISAF_GAZETTEER_VILLAGE
      || (commune_code && !g_str_has_prefix (value->text, commune_code)))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("%s “%s” is not a village of this commune in the national gazetteer. "
                     "Choose a village from the list."),
                   label (column), value->text);
      return FALSE;
    }
  return TRUE;
}

gboolean
isaf_validate_commune_code (const char *code,
                            GError    **error)
{
  const IsafGazetteerEntry *entry = NULL;

  if (code != NULL && g_utf8_validate (code, -1, NULL))
    entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), code);

  if (entry == NULL || entry->level != ISAF_GAZETTEER_COMMUNE)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("“%s” is not a commune or Sangkat code in the national gazetteer. "
                     "Commune codes have six digits, for example 010201."),
                   code && g_utf8_validate (code, -1, NULL) ? code : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
isaf_validate_value (const IsafColumn *column,
                     const char       *commune_code,
                     IsafValue        *value,
                     GError          **error)
{
  if (value->type == ISAF_VALUE_TEXT && column->kind != ISAF_COLUMN_TEXT
      && column->kind != ISAF_COLUMN_PHONE && !g_utf8_validate (value->text, -1, NULL))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_TEXT,
                   _("%s contains characters that cannot be read. Type it again."),
                   label (column));
      return FALSE;
    }

  if (value->type != ISAF_VALUE_NULL)
    {
      gboolean ok = TRUE;

      switch (column->kind)
        {
        case ISAF_COLUMN_TEXT:
          ok = expect_type (column, value, ISAF_VALUE_TEXT, error)
               && validate_text (column, value, error);
          break;
        case ISAF_COLUMN_PHONE:
          ok = expect_type (column, value, ISAF_VALUE_TEXT, error)
               && validate_phone (column, value, error);
          break;
        case ISAF_COLUMN_INTEGER:
        case ISAF_COLUMN_BOOLEAN:
        case ISAF_COLUMN_RIEL:
        case ISAF_COLUMN_COUNT:
        case ISAF_COLUMN_SCORE:
          ok = validate_integer (column, value, error);
          break;
        case ISAF_COLUMN_REAL:
          ok = validate_real (column, value, error);
          break;
        case ISAF_COLUMN_DATE:
          ok = validate_date (column, value, error);
          break;
        case ISAF_COLUMN_CHOICE:
          ok = validate_choice (column, value, error);
          break;
        case ISAF_COLUMN_VILLAGE_CODE:
          ok = validate_village_code (column, commune_code, value, error);
          break;
        case ISAF_COLUMN_FILE_HASH:
          ok = expect_type (column, value, ISAF_VALUE_TEXT, error)
               && validate_file_hash (column, value, error);
          break;
        case ISAF_COLUMN_REFERENCE:
          if (value->type != ISAF_VALUE_ID)
            {
              g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_ID,
                           _("%s does not point to a valid record. Choose it again."),
                           label (column));
              ok = FALSE;
            }
          break;
        default:
          g_assert_not_reached ();
        }

      if (!ok)
        return FALSE;
    }

  if (value->type == ISAF_VALUE_NULL && (column->flags & ISAF_COLUMN_ZERO_WHEN_EMPTY))
    {
      value->type = ISAF_VALUE_INTEGER;
      value->integer = 0;
    }

  /* Checked last, because normalising can turn text made only of spaces into nothing. */
  if (value->type == ISAF_VALUE_NULL && (column->flags & ISAF_COLUMN_REQUIRED))
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED,
                   _("%s is required. Fill it in before saving."), label (column));
      return FALSE;
    }

  return TRUE;
}

static const IsafValue *
pair_value (IsafRecord *record,
            const char *column,
            const IsafColumn **spec)
{
  int index = isaf_schema_column_index (isaf_record_get_table (record), column);

  *spec = &isaf_record_get_table (record)->columns[index];
  return isaf_record_value_at (record, index);
}

static gboolean
validate_pairs (IsafRecord *record,
                GError    **error)
{
  const IsafTable *table = isaf_record_get_table (record);

  if (table->start_column)
    {
      const IsafColumn *start_spec, *end_spec;
      const IsafValue *start = pair_value (record, table->start_column, &start_spec);
      const IsafValue *end = pair_value (record, table->end_column, &end_spec);

      /* ISO dates sort as text. */
      if (start->type == ISAF_VALUE_TEXT && end->type == ISAF_VALUE_TEXT
          && strcmp (end->text, start->text) < 0)
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_DATE_ORDER,
                       _("%s cannot be before %s. Check both dates."),
                       label (end_spec), label (start_spec));
          return FALSE;
        }
    }

  if (table->part_column)
    {
      const IsafColumn *part_spec, *total_spec;
      const IsafValue *part = pair_value (record, table->part_column, &part_spec);
      const IsafValue *total = pair_value (record, table->total_column, &total_spec);

      if (part->type == ISAF_VALUE_INTEGER && total->type == ISAF_VALUE_INTEGER
          && part->integer > total->integer)
        {
          g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL,
                       _("%s cannot be more than %s."),
                       label (part_spec), label (total_spec));
          return FALSE;
        }
    }

  return TRUE;
}

/* Checks and normalises every field of @record, then the rules across fields. */
gboolean
isaf_validate_record (IsafRecord *record,
                      const char *commune_code,
                      GError    **error)
{
  const IsafTable *table = isaf_record_get_table (record);

  for (guint i = 0; i < table->n_columns; i++)
    if (!isaf_validate_value (&table->columns[i], commune_code,
                              isaf_record_value_at (record, i), error))
      return FALSE;

  return validate_pairs (record, error);
}
