/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

#include "isaf-fonts.h"
#include "isaf-khmer.h"
#include "isaf-pdf-writer.h"
#include "isaf-print-error.h"
#include "isaf-print-test-helpers.h"

/* The PDF writer: fonts found through fontconfig, Khmer drawn exactly as Pango and cairo draw
 * it, text that can be extracted in logical order, and files that are valid and repeatable. */

/* Stacked subscripts (double coeng), coeng ro, pre-base vowels and Khmer digits. */
static const char * const hard_cases[] = { "ស្ត្រី", "ក្រសួងសុខាភិបាល", "ឆ្នាំ២០២៤" };

/* 6 × 4 inches: whole pixels at 150 dpi. */
#define PAGE_WIDTH 432.0
#define PAGE_HEIGHT 288.0
#define DPI 150

typedef struct {
  IsafPrintTestFiles files;
  IsafFonts *fonts;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  isaf_print_test_setup (&fixture->files, data);
  fixture->fonts = isaf_fonts_load (&error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  isaf_print_test_teardown (&fixture->files, data);
  isaf_fonts_free (fixture->fonts);
}

static PangoLayout *
make_layout (IsafCanvas  *canvas,
             IsafFontRole role,
             double       size,
             const char  *text)
{
  PangoLayout *layout = isaf_canvas_create_layout (canvas);
  PangoFontDescription *description = pango_font_description_new ();
  g_autofree char *segmented = isaf_khmer_segment (text);

  pango_font_description_set_family (description, isaf_font_role_get_family (role));
  pango_font_description_set_absolute_size (description, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_text (layout, segmented, -1);
  return layout;
}

static IsafPdfWriter *
new_writer (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  IsafPdfWriter *writer = isaf_pdf_writer_new (fixture->fonts, &error);

  g_assert_no_error (error);
  g_assert_nonnull (writer);
  return writer;
}

static void
test_fonts_resolve (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafFonts) fonts = isaf_fonts_load (&error);

  g_assert_no_error (error);
  for (guint role = 0; role < ISAF_N_FONT_ROLES; role++)
    g_assert_true (g_file_test (isaf_fonts_get_file (fonts, role), G_FILE_TEST_EXISTS));
  g_assert_cmpstr (isaf_font_role_get_family (ISAF_FONT_HEADING), ==, "Khmer OS Muol Light");
  g_assert_cmpstr (isaf_font_role_get_family (ISAF_FONT_BODY), ==, "Khmer OS Battambang");
  g_assert_cmpstr (isaf_font_role_get_family (ISAF_FONT_LATIN), ==, "Noto Sans");
}

/* In a child process whose FONTCONFIG_FILE points at a configuration with only some fonts. */
static void
test_fonts_missing_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafFonts) fonts = isaf_fonts_load (&error);

  g_assert_null (fonts);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_FONT_MISSING);
  g_print ("%s\n", error->message);
}

/* A fontconfig configuration that knows only the given roles' font files, by links to the
 * files the normal configuration resolves. */
static char *
write_font_config (Fixture          *fixture,
                   const char       *name,
                   const IsafFontRole *roles,
                   guint             n_roles)
{
  g_autofree char *fonts_dir = isaf_print_test_path (&fixture->files, name);
  g_autofree char *cache_dir = g_build_filename (fonts_dir, "cache", NULL);
  g_autofree char *config = g_strconcat (fonts_dir, ".conf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  for (guint i = 0; i < n_roles; i++)
    {
      const char *file = isaf_fonts_get_file (fixture->fonts, roles[i]);
      g_autofree char *base = g_path_get_basename (file);
      g_autofree char *link = g_build_filename (fonts_dir, base, NULL);

      g_assert_cmpint (symlink (file, link), ==, 0);
    }
  text = g_strdup_printf ("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
                          "<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n",
                          fonts_dir, cache_dir);
  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&config);
}

static void
test_fonts_missing (Fixture       *fixture,
                    gconstpointer  data)
{
  const IsafFontRole khmer[] = { ISAF_FONT_HEADING, ISAF_FONT_BODY };
  const IsafFontRole latin[] = { ISAF_FONT_LATIN };
  const struct {
    const char *name;
    const IsafFontRole *roles;
    guint n_roles;
    const char *expected;
  } cases[] = {
    { "none", NULL, 0, "*“Khmer OS Muol Light” is not installed*Debian package fonts-khmeros*" },
    { "latin-only", latin, G_N_ELEMENTS (latin),
      "*“Khmer OS Muol Light” is not installed*Debian package fonts-khmeros*" },
    { "khmer-only", khmer, G_N_ELEMENTS (khmer),
      "*“Noto Sans” is not installed*Debian package fonts-noto-core*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *config = write_font_config (fixture, cases[i].name, cases[i].roles,
                                                   cases[i].n_roles);

      /* The parent's fontconfig is loaded already (fixture_setup); only the child reads this. */
      g_setenv ("FONTCONFIG_FILE", config, TRUE);
      g_test_trap_subprocess ("/print/fonts/missing/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
      g_unsetenv ("FONTCONFIG_FILE");
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout (cases[i].expected);
    }
}

/* The fraction of ink pixels (dark in @reference) that differ by more than half the range in
 * some channel, as ImageMagick's compare -metric AE -fuzz 50% counts them. */
static double
differing_fraction (cairo_surface_t *page,
                    cairo_surface_t *reference,
                    guint           *n_ink)
{
  int width = cairo_image_surface_get_width (reference);
  int height = cairo_image_surface_get_height (reference);
  guint ink = 0, differing = 0;

  g_assert_cmpint (cairo_image_surface_get_width (page), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (page), ==, height);
  cairo_surface_flush (page);
  cairo_surface_flush (reference);

  for (int y = 0; y < height; y++)
    {
      const guint32 *a = (const guint32 *) (cairo_image_surface_get_data (page)
                                            + y * cairo_image_surface_get_stride (page));
      const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (reference)
                                            + y * cairo_image_surface_get_stride (reference));

      for (int x = 0; x < width; x++)
        {
          int worst = 0;

          for (int shift = 0; shift < 24; shift += 8)
            {
              int channel_a = (a[x] >> shift) & 0xff, channel_b = (b[x] >> shift) & 0xff;

              worst = MAX (worst, ABS (channel_a - channel_b));
            }
          if (worst > 127)
            differing++;
          if (((b[x] >> 8) & 0xff) < 128)
            ink++;
        }
    }
  *n_ink = ink;
  return ink ? (double) differing / ink : 1.0;
}

/* The same layouts drawn by Pango on a cairo image surface, at the same place and resolution. */
static cairo_surface_t *
render_reference (PangoLayout **layouts,
                  const double *positions,
                  guint         n_layouts)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         PAGE_WIDTH * DPI / 72,
                                                         PAGE_HEIGHT * DPI / 72);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, DPI / 72.0, DPI / 72.0);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < n_layouts; i++)
    {
      cairo_move_to (cr, positions[2 * i], positions[2 * i + 1]);
      pango_cairo_show_layout (cr, layouts[i]);
    }
  cairo_destroy (cr);
  return surface;
}

static void
test_khmer_shaping (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(IsafPdfWriter) writer = new_writer (fixture);
  IsafCanvas *canvas = ISAF_CANVAS (writer);
  g_autofree char *pdf = isaf_print_test_path (&fixture->files, "khmer.pdf");
  const IsafColor black = { 0, 0, 0 };
  PangoLayout *layouts[G_N_ELEMENTS (hard_cases) + 1];
  PangoLayout *broken[G_N_ELEMENTS (layouts)];
  double positions[2 * G_N_ELEMENTS (layouts)];
  cairo_surface_t *page, *reference, *wrong;
  g_autoptr(GError) error = NULL;
  double fraction, wrong_fraction;
  guint n_ink, n_wrong_ink;

  if (!isaf_print_test_need_tool ("pdftoppm"))
    return;

  g_assert_true (isaf_canvas_begin_page (canvas, PAGE_WIDTH, PAGE_HEIGHT, &error));
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      /* The body face for each case, and the heading face for the hardest one. */
      gboolean heading = i == G_N_ELEMENTS (hard_cases);
      const char *text = hard_cases[heading ? 0 : i];
      g_autofree char *unstacked = NULL;
      g_auto(GStrv) parts = NULL;

      layouts[i] = make_layout (canvas, heading ? ISAF_FONT_HEADING : ISAF_FONT_BODY, 36, text);
      positions[2 * i] = 20.5 + (i % 2) * 200;
      positions[2 * i + 1] = 15.25 + (i / 2) * 130;
      isaf_canvas_draw_layout (canvas, layouts[i], positions[2 * i], positions[2 * i + 1], &black);

      /* The same text with its subscripts unstacked (a zero-width non-joiner after each
       * coeng), as a renderer that does not shape would draw it. */
      parts = g_strsplit (text, "្", -1);
      unstacked = g_strjoinv ("្\u200C", parts);
      broken[i] = make_layout (canvas, heading ? ISAF_FONT_HEADING : ISAF_FONT_BODY, 36, unstacked);
    }
  isaf_print_test_save (canvas, pdf);
  isaf_print_test_assert_qpdf (pdf);

  page = isaf_print_test_render_page (pdf, DPI);
  reference = render_reference (layouts, positions, G_N_ELEMENTS (layouts));
  wrong = render_reference (broken, positions, G_N_ELEMENTS (layouts));
  fraction = differing_fraction (page, reference, &n_ink);
  wrong_fraction = differing_fraction (page, wrong, &n_wrong_ink);
  g_test_message ("differing pixels: %.2f%% of %u ink pixels; against unshaped text %.2f%%",
                  100 * fraction, n_ink, 100 * wrong_fraction);

  /* Only anti-aliasing on the glyphs' edges differs (poppler and cairo rasterise edges
   * differently: about 3%); glyphs one pixel off already differ in 13% of their ink, and
   * unshaped ones in most of it. */
  g_assert_cmpuint (n_ink, >, 5000);
  g_assert_cmpfloat (fraction, <, 0.05);
  g_assert_cmpfloat (wrong_fraction, >, 0.3);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_object_unref (layouts[i]);
      g_object_unref (broken[i]);
    }
  cairo_surface_destroy (page);
  cairo_surface_destroy (reference);
  cairo_surface_destroy (wrong);
}

static void
test_text_layer (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IsafPdfWriter) writer = new_writer (fixture);
  IsafCanvas *canvas = ISAF_CANVAS (writer);
  g_autofree char *pdf = isaf_print_test_path (&fixture->files, "text.pdf");
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;
  g_autoptr(GError) error = NULL;
  const IsafColor black = { 0, 0, 0 };
  const char *paragraph = "ប្រជាពលរដ្ឋមានសិទ្ធិទទួលបានព័ត៌មានអំពីសេវាសាធារណៈ និងតម្លៃសេវា";
  g_autoptr(PangoLayout) wrapped = NULL;

  if (!isaf_print_test_need_tool ("pdftotext"))
    return;

  g_assert_true (isaf_canvas_begin_page (canvas, PAGE_WIDTH, PAGE_HEIGHT, &error));
  for (guint i = 0; i < G_N_ELEMENTS (hard_cases); i++)
    {
      g_autoptr(PangoLayout) layout = make_layout (canvas, ISAF_FONT_BODY, 24, hard_cases[i]);

      isaf_canvas_draw_layout (canvas, layout, 20, 10 + 45 * i, &black);
    }
  /* A paragraph wrapped at the words ICU found, under them. */
  wrapped = make_layout (canvas, ISAF_FONT_BODY, 16, paragraph);
  pango_layout_set_width (wrapped, 200 * PANGO_SCALE);
  g_assert_cmpint (pango_layout_get_line_count (wrapped), >, 1);
  isaf_canvas_draw_layout (canvas, wrapped, 20, 150, &black);
  isaf_print_test_save (canvas, pdf);

  text = isaf_print_test_pdftotext (pdf);
  for (guint i = 0; i < G_N_ELEMENTS (hard_cases); i++)
    g_assert_nonnull (strstr (text, hard_cases[i]));
  squeezed = isaf_print_test_squeeze (text);
  {
    g_autofree char *expected = isaf_print_test_squeeze (paragraph);

    g_assert_nonnull (strstr (squeezed, expected));
  }
  /* No zero-width space reaches the reader. */
  g_assert_null (strstr (text, "\u200B"));
}

static GBytes *
draw_sample (Fixture *fixture)
{
  g_autoptr(IsafPdfWriter) writer = new_writer (fixture);
  IsafCanvas *canvas = ISAF_CANVAS (writer);
  g_autoptr(PangoLayout) layout = make_layout (canvas, ISAF_FONT_HEADING, 30, hard_cases[1]);
  g_autoptr(GError) error = NULL;
  const IsafColor blue = { 0.1, 0.3, 0.6 };
  GBytes *bytes;

  isaf_pdf_writer_set_title (writer, hard_cases[1]);
  g_assert_true (isaf_canvas_begin_page (canvas, PAGE_WIDTH, PAGE_HEIGHT, &error));
  isaf_canvas_rounded_rectangle (canvas, 10, 10, 200, 80, 12);
  isaf_canvas_fill (canvas, &blue);
  isaf_canvas_draw_layout (canvas, layout, 20, 20, &blue);
  g_assert_true (isaf_canvas_begin_page (canvas, PAGE_HEIGHT, PAGE_WIDTH, &error));
  isaf_canvas_circle (canvas, 100, 100, 50);
  isaf_canvas_stroke (canvas, &blue, 3);
  bytes = isaf_canvas_finish (canvas, &error);
  g_assert_no_error (error);
  return bytes;
}

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) first = draw_sample (fixture);
  g_autoptr(GBytes) second = draw_sample (fixture);
  g_autofree char *pdf = isaf_print_test_path (&fixture->files, "sample.pdf");
  g_autoptr(GError) error = NULL;
  double width, height;
  int n_pages;

  g_assert_true (g_bytes_equal (first, second));
  /* No date: the same content gives the same file, run after run. */
  g_assert_null (g_strstr_len (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                               "CreationDate"));

  if (!isaf_print_test_need_tool ("qpdf") || !isaf_print_test_need_tool ("pdfinfo"))
    return;
  g_file_set_contents (pdf, g_bytes_get_data (first, NULL), g_bytes_get_size (first), &error);
  g_assert_no_error (error);
  isaf_print_test_assert_qpdf (pdf);
  isaf_print_test_page_size (pdf, &width, &height, &n_pages);
  g_assert_cmpint (n_pages, ==, 2);
  g_assert_cmpfloat_with_epsilon (width, PAGE_WIDTH, 0.01);
  g_assert_cmpfloat_with_epsilon (height, PAGE_HEIGHT, 0.01);
}

/* Glyphs are written late, sorted; a shape drawn over text must still cover it. */
static void
test_painting_order (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(IsafPdfWriter) writer = new_writer (fixture);
  IsafCanvas *canvas = ISAF_CANVAS (writer);
  g_autoptr(PangoLayout) covered = make_layout (canvas, ISAF_FONT_BODY, 40, hard_cases[0]);
  g_autoptr(PangoLayout) visible = make_layout (canvas, ISAF_FONT_BODY, 40, hard_cases[0]);
  g_autofree char *pdf = isaf_print_test_path (&fixture->files, "order.pdf");
  g_autoptr(GError) error = NULL;
  const IsafColor black = { 0, 0, 0 }, white = { 1, 1, 1 };
  cairo_surface_t *page;
  guint dark_left = 0, dark_right = 0;
  int half;

  if (!isaf_print_test_need_tool ("pdftoppm"))
    return;

  g_assert_true (isaf_canvas_begin_page (canvas, PAGE_WIDTH, PAGE_HEIGHT, &error));
  isaf_canvas_draw_layout (canvas, covered, 20, 50, &black);
  isaf_canvas_rectangle (canvas, 0, 0, PAGE_WIDTH / 2, PAGE_HEIGHT);
  isaf_canvas_fill (canvas, &white);
  isaf_canvas_draw_layout (canvas, visible, PAGE_WIDTH / 2 + 20, 50, &black);
  isaf_print_test_save (canvas, pdf);

  page = isaf_print_test_render_page (pdf, 72);
  half = cairo_image_surface_get_width (page) / 2;
  for (int y = 0; y < cairo_image_surface_get_height (page); y++)
    {
      const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (page)
                                              + y * cairo_image_surface_get_stride (page));

      for (int x = 0; x < cairo_image_surface_get_width (page); x++)
        if (((row[x] >> 8) & 0xff) < 128)
          *(x < half ? &dark_left : &dark_right) += 1;
    }
  g_assert_cmpuint (dark_left, ==, 0);
  g_assert_cmpuint (dark_right, >, 100);
  cairo_surface_destroy (page);
}

/* A character no font has still gives a valid page (Pango's hex box, drawn as a path). */
static void
test_unknown_character (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(IsafPdfWriter) writer = new_writer (fixture);
  IsafCanvas *canvas = ISAF_CANVAS (writer);
  g_autoptr(PangoLayout) layout = make_layout (canvas, ISAF_FONT_BODY, 20, "ក\U000F0001ខ");
  g_autofree char *pdf = isaf_print_test_path (&fixture->files, "unknown.pdf");
  g_autoptr(GError) error = NULL;
  const IsafColor black = { 0, 0, 0 };

  if (!isaf_print_test_need_tool ("qpdf"))
    return;

  g_assert_true (isaf_canvas_begin_page (canvas, PAGE_WIDTH, PAGE_HEIGHT, &error));
  isaf_canvas_draw_layout (canvas, layout, 20, 20, &black);
  isaf_print_test_save (canvas, pdf);
  isaf_print_test_assert_qpdf (pdf);
}

static void
test_nothing_to_print (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IsafPdfWriter) writer = new_writer (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = isaf_canvas_finish (ISAF_CANVAS (writer), &error);

  g_assert_null (bytes);
  g_assert_error (error, ISAF_PRINT_ERROR, ISAF_PRINT_ERROR_NO_CONTENT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* Loaded before any test changes FONTCONFIG_FILE for its child processes. */
  FcInit ();

  g_test_add_func ("/print/fonts/resolve", test_fonts_resolve);
  g_test_add ("/print/fonts/missing", Fixture, NULL, fixture_setup, test_fonts_missing,
              fixture_teardown);
  g_test_add_func ("/print/fonts/missing/subprocess", test_fonts_missing_child);
  g_test_add ("/print/pdf-writer/khmer-shaping", Fixture, NULL, fixture_setup, test_khmer_shaping,
              fixture_teardown);
  g_test_add ("/print/pdf-writer/text-layer", Fixture, NULL, fixture_setup, test_text_layer,
              fixture_teardown);
  g_test_add ("/print/pdf-writer/deterministic", Fixture, NULL, fixture_setup,
              test_deterministic, fixture_teardown);
  g_test_add ("/print/pdf-writer/painting-order", Fixture, NULL, fixture_setup,
              test_painting_order, fixture_teardown);
  g_test_add ("/print/pdf-writer/unknown-character", Fixture, NULL, fixture_setup,
              test_unknown_character, fixture_teardown);
  g_test_add ("/print/pdf-writer/nothing-to-print", Fixture, NULL, fixture_setup,
              test_nothing_to_print, fixture_teardown);

  return g_test_run ();
}
