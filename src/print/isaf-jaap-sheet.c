/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "isaf-fonts.h"
#include "isaf-gazetteer.h"
#include "isaf-jaap-sheet-private.h"
#include "isaf-pdf-writer.h"

/* The JAAP on paper (DOMAIN.md, step 7), as the official template lays it out on A4
 * landscape: the national header at the top right, the province, district and commune at the
 * top left, the title in the middle, then the table (isaf-jaap-sheet-table.c) and, at the end
 * and on the same page as the last rows, the date and the signatures. The CIP list is the same
 * document with group ក alone and the columns the district integration workshop asks for.
 * Overdue actions are not marked: the official form has no such mark. */

#define SIZE_NATIONAL 11.0
#define SIZE_PLACE 9.0
#define SIZE_TITLE 13.0
#define SIZE_SIGNATURE 9.0
/* The room left for the signatures under their titles. */
#define SIGNATURE_SPACE 48.0
/* How much of an activity an error quotes. */
#define NAME_CHARS 60

/* The titles, in Khmer whatever the interface's language, with the English under them: the
 * words of the official form, like the rest of the sheet's. */
static const IsafSheetWords plan_title = {
  "ផែនការសកម្មភាពរួមដើម្បីគណនេយ្យភាព", "Joint Accountability Action Plan",
};
static const IsafSheetWords cip_title = {
  "បញ្ជីសកម្មភាពសម្រាប់កម្មវិធីវិនិយោគឃុំ", "Actions for the commune investment programme",
};

/* The header ------------------------------------------------------------------------------- */

/* "Kingdom of Cambodia / Nation Religion King": fixed words of every official form, printed
 * in Khmer whatever the language, and never translated. */
static double
national_header (IsafSheet *sheet,
                 double     x,
                 double     y,
                 double     width)
{
  static const char * const lines[] = { "ព្រះរាជាណាចក្រកម្ពុជា", "ជាតិ សាសនា ព្រះមហាក្សត្រ" };
  double size = isaf_sheet_scaled (sheet, SIZE_NATIONAL), h = 0;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size, lines[i], x, y + h,
                                  width, PANGO_ALIGN_CENTER, &isaf_sheet_ink);
  if (sheet->pen.both)
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD,
                                  size * sheet->pen.english_ratio,
                                  "Kingdom of Cambodia · Nation Religion King", x, y + h, width,
                                  PANGO_ALIGN_CENTER, &isaf_sheet_grey);
  /* The short rule under the motto, as the form draws it. */
  h += isaf_sheet_scaled (sheet, 3);
  isaf_print_pen_fill (&sheet->pen, x + width * 0.35, y + h, width * 0.3, 0.8, 0,
                       &isaf_sheet_ink);
  return h + isaf_sheet_scaled (sheet, 2);
}

/* The province, the district and the commune, one a line from the top, as the gazetteer names
 * them. */
static double
place_lines (IsafSheet  *sheet,
             const char *commune_code,
             double      x,
             double      y,
             double      width)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const IsafGazetteerEntry *levels[3] = { NULL, NULL, NULL };
  const IsafGazetteerEntry *entry = commune_code ? isaf_gazetteer_lookup (gazetteer, commune_code)
                                                 : NULL;
  double size = isaf_sheet_scaled (sheet, SIZE_PLACE), h = 0;
  guint n = 0;

  for (; entry != NULL && n < G_N_ELEMENTS (levels); entry = isaf_gazetteer_get_parent (gazetteer,
                                                                                         entry))
    levels[n++] = entry;
  while (n-- > 0)
    {
      g_autofree char *khmer = g_strconcat (levels[n]->unit_km, levels[n]->name_km, NULL);

      h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size, khmer, x, y + h,
                                    width, PANGO_ALIGN_LEFT, &isaf_sheet_ink);
      if (sheet->pen.both && !isaf_print_is_blank (levels[n]->name_latin))
        {
          g_autofree char *latin = g_strjoin (" ", levels[n]->name_latin, levels[n]->unit_en, NULL);

          h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN,
                                        size * sheet->pen.english_ratio, latin, x, y + h, width,
                                        PANGO_ALIGN_LEFT, &isaf_sheet_grey);
        }
    }
  return h;
}

static double
title (IsafSheet              *sheet,
       const IsafJaapDocument *document,
       double                  x,
       double                  y,
       double                  width)
{
  double size = isaf_sheet_scaled (sheet, SIZE_TITLE);
  double h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size,
                                      document->title_km, x, y, width, PANGO_ALIGN_CENTER,
                                      &isaf_sheet_blue);

  /* Until the catalogue has the title's Khmer, the English stands alone. */
  if (sheet->pen.both && g_strcmp0 (document->title_en, document->title_km) != 0)
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN_BOLD, size * 0.8,
                                  document->title_en, x, y + h, width, PANGO_ALIGN_CENTER,
                                  &isaf_sheet_blue);
  return h;
}

static double
first_header (IsafSheet     *sheet,
              gconstpointer  data,
              double         x,
              double         y,
              double         width)
{
  const IsafJaapDocument *document = data;
  double side = width * 0.36, gap = isaf_sheet_scaled (sheet, 8);
  double national_h = national_header (sheet, x + width - side, y, side);
  double place_h = place_lines (sheet, document->jaap->commune_code, x, y + national_h, side);
  double h = national_h + place_h + gap;

  h += title (sheet, document, x, y + h, width) + gap;
  return h + isaf_jaap_sheet_column_headings (sheet, document, x, y + h, width);
}

static double
page_header (IsafSheet     *sheet,
             gconstpointer  data,
             double         x,
             double         y,
             double         width)
{
  const IsafJaapDocument *document = data;
  g_autofree char *line = g_strconcat (document->title_km, " (ត)", NULL);
  g_autofree char *line_en = g_strconcat (document->title_en, " (continued)", NULL);
  double h = isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, ISAF_SHEET_SIZE_BODY),
                                      line, sheet->pen.both ? line_en : NULL, x, y, width,
                                      PANGO_ALIGN_LEFT, &isaf_sheet_blue);

  h += isaf_sheet_scaled (sheet, 4);
  return h + isaf_jaap_sheet_column_headings (sheet, document, x, y + h, width);
}

/* The signatures ---------------------------------------------------------------------------- */

static double
signature (IsafSheet  *sheet,
           const char *km,
           const char *en,
           double      x,
           double      y,
           double      width)
{
  double size = isaf_sheet_scaled (sheet, SIZE_SIGNATURE);
  double h = isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_HEADING, size, km, x, y, width,
                                      PANGO_ALIGN_CENTER, &isaf_sheet_ink);

  if (sheet->pen.both)
    h += isaf_print_pen_put_text (&sheet->pen, ISAF_PRINT_FACE_LATIN, size * 0.85, en, x, y + h,
                                  width, PANGO_ALIGN_CENTER, &isaf_sheet_grey);
  return h + isaf_sheet_scaled (sheet, SIGNATURE_SPACE);
}

/* An IsafSheetBlockFunc: the date line on the right, and under it the chair of the JAAP
 * Committee on the left and the commune or Sangkat chief on the right, with room to sign. */
static double
signatures (IsafSheet     *sheet,
            gconstpointer  data,
            double         x,
            double         y,
            double         width)
{
  const IsafJaapDocument *document = data;
  const char *code = document->jaap->commune_code;
  const IsafGazetteerEntry *commune = code ? isaf_gazetteer_lookup (isaf_gazetteer_get_default (),
                                                                    code)
                                           : NULL;
  gboolean sangkat = commune != NULL && g_strcmp0 (commune->unit_km, "សង្កាត់") == 0;
  g_autofree char *done_at = g_strconcat ("ធ្វើនៅ", commune ? commune->unit_km : "",
                                          commune ? commune->name_km : "",
                                          " ថ្ងៃទី........ ខែ.............. ឆ្នាំ............",
                                          NULL);
  double side = width * 0.36, top = isaf_sheet_scaled (sheet, 10), h;

  h = top + isaf_print_pen_put_pair (&sheet->pen, isaf_sheet_scaled (sheet, SIZE_SIGNATURE),
                                     done_at, "Done at …, on (day, month, year)",
                                     x + width - side, y + top, side, PANGO_ALIGN_CENTER,
                                     &isaf_sheet_ink);
  return h + fmax (signature (sheet, "ប្រធានគណៈកម្មការ JAAP", "Chair of the JAAP Committee", x,
                              y + h, side),
                   signature (sheet, sangkat ? "ចៅសង្កាត់" : "មេឃុំ",
                              sangkat ? "Sangkat chief" : "Commune chief", x + width - side,
                              y + h, side));
}

/* The document ------------------------------------------------------------------------------ */

static void
document_clear (IsafJaapDocument *document)
{
  g_free (document->title_km);
  g_free (document->title_en);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IsafJaapDocument, document_clear)

static void
document_init (IsafJaapDocument  *document,
               IsafSheet         *sheet,
               const IsafJaap    *jaap,
               IsafJaapSheetKind  kind)
{
  g_autofree char *title_km = NULL;

  document->jaap = jaap;
  document->kind = kind;
  document->columns = isaf_jaap_sheet_get_columns (kind, &document->n_columns);
  const IsafSheetWords *title = kind == ISAF_JAAP_SHEET_CIP ? &cip_title : &plan_title;

  title_km = g_strdup_printf ("%s ឆ្នាំ%d", title->km, jaap->year);
  document->title_en = g_strdup_printf ("%s %d", title->en, jaap->year);
  document->title_km = isaf_format_digits (title_km, sheet->digits);
}

/* What an error names for an action: its number and the start of its activity. */
static char *
entry_name (IsafSheet           *sheet,
            const IsafJaapEntry *entry)
{
  g_autofree char *path = isaf_jaap_entry_format_path (entry, sheet->digits);
  const char *activity = isaf_record_get_text (entry->action, "activity");
  g_autofree char *start = NULL;

  if (activity == NULL || g_utf8_strlen (activity, -1) <= NAME_CHARS)
    return g_strdup_printf ("%s %s", path, activity ? activity : "");
  start = g_utf8_substring (activity, 0, NAME_CHARS);
  return g_strdup_printf ("%s %s…", path, start);
}

static void
add_block (GArray            *blocks,
           IsafSheetBlockFunc func,
           gconstpointer      data,
           gboolean           keep_with_next,
           const char        *name)
{
  IsafSheetBlock block = { func, data, keep_with_next, name };

  g_array_append_val (blocks, block);
}

/* The rows of @group: its heading, its actions and its total, which adds to @grand_total. */
static void
add_group (const IsafJaapDocument *document,
           IsafSheet              *sheet,
           const char             *group,
           GArray                 *rows,
           GPtrArray              *names,
           gint64                 *grand_total)
{
  GPtrArray *entries = document->jaap->entries;
  IsafJaapRow heading = { document, ISAF_JAAP_ROW_GROUP, group, NULL, 0 };
  IsafJaapRow total = { document, ISAF_JAAP_ROW_GROUP_TOTAL, group, NULL, 0 };
  guint n_actions = 0;

  g_array_append_val (rows, heading);
  g_ptr_array_add (names, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const IsafJaapEntry *entry = g_ptr_array_index (entries, i);
      IsafJaapRow row = { document, ISAF_JAAP_ROW_ENTRY, group, entry, 0 };

      if (g_strcmp0 (isaf_record_get_text (entry->action, "action_group"), group) != 0)
        continue;
      if (isaf_jaap_sheet_counts_cost (entry))
        total.total += isaf_record_get_integer (entry->action, "estimated_cost_riel");
      g_array_append_val (rows, row);
      g_ptr_array_add (names, entry_name (sheet, entry));
      n_actions++;
    }
  if (n_actions == 0)
    {
      IsafJaapRow empty = { document, ISAF_JAAP_ROW_EMPTY, group, NULL, 0 };

      g_array_append_val (rows, empty);
      g_ptr_array_add (names, NULL);
    }
  g_array_append_val (rows, total);
  g_ptr_array_add (names, NULL);
  *grand_total += total.total;
}

/* Whether the row at @i must stay on the page of the row after it: a heading with its first
 * row, an action with its first sub-action, and the last rows with the totals and the
 * signatures. */
static gboolean
keeps_with_next (GArray *rows,
                 guint   i)
{
  const IsafJaapRow *row = &g_array_index (rows, IsafJaapRow, i);
  const IsafJaapRow *next = i + 1 < rows->len ? &g_array_index (rows, IsafJaapRow, i + 1) : NULL;

  /* The last row, the plan's grand total, stays with the signatures. */
  if (next == NULL)
    return row->document->kind == ISAF_JAAP_SHEET_PLAN;
  return row->kind == ISAF_JAAP_ROW_GROUP
         || (row->kind == ISAF_JAAP_ROW_ENTRY && row->entry->n_children > 0)
         || next->kind == ISAF_JAAP_ROW_GROUP_TOTAL || next->kind == ISAF_JAAP_ROW_GRAND_TOTAL;
}

gboolean
isaf_jaap_sheet_draw (IsafCanvas          *canvas,
                      const IsafJaap      *jaap,
                      IsafJaapSheetKind    kind,
                      IsafPosterLanguage   language,
                      GArray              *placements,
                      GError             **error)
{
  g_auto(IsafJaapDocument) document = { 0 };
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (IsafJaapRow));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) blocks = g_array_new (FALSE, TRUE, sizeof (IsafSheetBlock));
  g_autofree char *place = NULL;
  g_autofree char *footer = NULL;
  IsafSheetFlow flow = { first_header, page_header, &document, NULL, NULL, TRUE };
  gint64 grand_total = 0;
  IsafSheet sheet;

  g_return_val_if_fail (ISAF_IS_CANVAS (canvas), FALSE);
  g_return_val_if_fail (jaap != NULL, FALSE);

  isaf_sheet_init (&sheet, canvas, language);
  isaf_sheet_set_landscape (&sheet);
  sheet.placements = placements;
  document_init (&document, &sheet, jaap, kind);

  /* The rows first, so that the blocks can point into an array that no longer grows. */
  add_group (&document, &sheet, "ka", rows, names, &grand_total);
  if (kind == ISAF_JAAP_SHEET_PLAN)
    {
      IsafJaapRow total = { &document, ISAF_JAAP_ROW_GRAND_TOTAL, NULL, NULL, 0 };

      add_group (&document, &sheet, "kha", rows, names, &grand_total);
      total.total = grand_total;
      g_array_append_val (rows, total);
      g_ptr_array_add (names, NULL);
    }
  for (guint i = 0; i < rows->len; i++)
    add_block (blocks, isaf_jaap_sheet_row, &g_array_index (rows, IsafJaapRow, i),
               keeps_with_next (rows, i), g_ptr_array_index (names, i));
  if (kind == ISAF_JAAP_SHEET_PLAN)
    add_block (blocks, signatures, &document, FALSE, NULL);

  place = isaf_sheet_place_line (jaap->commune_code, FALSE);
  footer = g_strdup_printf ("%s · %s", document.title_km, place);
  flow.footer = footer;
  flow.name = document.title_km;
  return isaf_sheet_flow (&sheet, &flow, blocks, error);
}

/**
 * isaf_jaap_sheet_render_pdf:
 * @jaap: the plan of a year
 * @kind: the whole plan, or the CIP list
 * @language: Khmer only, or Khmer with English
 * @error: return location for an %ISAF_PRINT_ERROR
 *
 * Returns: (transfer full) (nullable): the PDF document
 */
GBytes *
isaf_jaap_sheet_render_pdf (const IsafJaap     *jaap,
                            IsafJaapSheetKind   kind,
                            IsafPosterLanguage  language,
                            GError            **error)
{
  g_autoptr(IsafFonts) fonts = NULL;
  g_autoptr(IsafPdfWriter) writer = NULL;
  g_autofree char *pdf_title = NULL;

  g_return_val_if_fail (jaap != NULL, NULL);

  fonts = isaf_fonts_load (error);
  if (fonts == NULL)
    return NULL;
  writer = isaf_pdf_writer_new (fonts, error);
  if (writer == NULL)
    return NULL;

  /* The document's title in its metadata is English, as the other sheets' are. */
  pdf_title = g_strdup_printf ("%s %d", kind == ISAF_JAAP_SHEET_CIP ? cip_title.en
                                                                    : plan_title.en,
                               jaap->year);
  isaf_pdf_writer_set_title (writer, pdf_title);
  if (!isaf_jaap_sheet_draw (ISAF_CANVAS (writer), jaap, kind, language, NULL, error))
    return NULL;
  return isaf_canvas_finish (ISAF_CANVAS (writer), error);
}
