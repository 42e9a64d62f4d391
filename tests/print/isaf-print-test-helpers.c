/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-fonts.h"
#include "isaf-print-test-helpers.h"

void
isaf_print_test_add (const char        *path,
                     IsafPrintTestFunc  test)
{
  g_test_add (path, IsafPrintTestFiles, NULL, isaf_print_test_setup, test,
              isaf_print_test_teardown);
}

void
isaf_print_test_setup (IsafPrintTestFiles *files,
                       gconstpointer       data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", program);

  files->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
}

void
isaf_print_test_teardown (IsafPrintTestFiles *files,
                          gconstpointer       data)
{
  isaf_print_test_remove_tree (files->dir);
  g_free (files->dir);
}

char *
isaf_print_test_path (IsafPrintTestFiles *files,
                      const char         *name)
{
  return g_build_filename (files->dir, name, NULL);
}

void
isaf_print_test_demo_make (IsafPrintTestDemo *demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *program = g_path_get_basename (g_get_prgname ());
  g_autofree char *template = g_strdup_printf ("%s-demo-XXXXXX", program);
  IsafDemoOptions options = { .commune_code = "010201", .years = 2, .seed = 7 };

  demo->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  demo->path = g_build_filename (demo->dir, "demo.sqlite", NULL);
  database = isaf_database_open (demo->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (database, &options, &error));
  g_assert_no_error (error);
  isaf_database_close (database);
  demo->year = g_date_time_get_year (now) - 1;
}

void
isaf_print_test_demo_clear (IsafPrintTestDemo *demo)
{
  isaf_print_test_remove_tree (demo->dir);
  g_clear_pointer (&demo->dir, g_free);
  g_clear_pointer (&demo->path, g_free);
}

IsafPdfWriter *
isaf_print_test_new_writer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafFonts) fonts = isaf_fonts_load (&error);
  IsafPdfWriter *writer;

  g_assert_no_error (error);
  writer = isaf_pdf_writer_new (fonts, &error);
  g_assert_no_error (error);
  return writer;
}

void
isaf_print_test_save (IsafCanvas *canvas,
                      const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (isaf_canvas_save (canvas, path, &error));
  g_assert_no_error (error);
}

int
isaf_print_test_run (char       **out,
                     char       **err,
                     char       **envp,
                     const char  *first,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp,
                G_SPAWN_SEARCH_PATH | (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL)
                  | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL),
                NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
  return 0;
}

gboolean
isaf_print_test_need_tool (const char *tool)
{
  g_autofree char *path = g_find_program_in_path (tool);

  if (path == NULL)
    g_test_skip_printf ("%s is not installed", tool);
  return path != NULL;
}

void
isaf_print_test_assert_qpdf (const char *pdf)
{
  g_autofree char *out = NULL;
  int status = isaf_print_test_run (&out, NULL, NULL, "qpdf", "--check", pdf, NULL);

  if (status != 0)
    g_test_message ("qpdf --check %s:\n%s", pdf, out);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors found"));
}

char *
isaf_print_test_pdftotext (const char *pdf)
{
  char *out = NULL;

  g_assert_cmpint (isaf_print_test_run (&out, NULL, NULL, "pdftotext", "-enc", "UTF-8", pdf, "-",
                                        NULL), ==, 0);
  return out;
}

cairo_surface_t *
isaf_print_test_render_page (const char *pdf,
                             int         dpi)
{
  g_autofree char *dir = g_dir_make_tmp ("isaf-print-XXXXXX", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *resolution = g_strdup_printf ("%d", dpi);
  cairo_surface_t *surface;

  g_assert_cmpint (isaf_print_test_run (NULL, NULL, NULL, "pdftoppm", "-r", resolution, "-png",
                                        "-singlefile", "-f", "1", "-l", "1", pdf, prefix, NULL),
                   ==, 0);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  isaf_print_test_remove_tree (dir);
  return surface;
}

void
isaf_print_test_page_size (const char *pdf,
                           double     *width,
                           double     *height,
                           int        *n_pages)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (isaf_print_test_run (&out, NULL, NULL, "pdfinfo", pdf, NULL), ==, 0);
  *width = *height = 0;
  *n_pages = 0;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "Page size:"))
        g_assert_cmpint (sscanf (lines[i], "Page size: %lf x %lf", width, height), ==, 2);
      else if (g_str_has_prefix (lines[i], "Pages:"))
        g_assert_cmpint (sscanf (lines[i], "Pages: %d", n_pages), ==, 1);
    }
}

char *
isaf_print_test_squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x200B)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

void
isaf_print_test_assert_inside (GArray *boxes,
                               double  x,
                               double  y,
                               double  width,
                               double  height)
{
  /* Positions are written to 1/100 pt. */
  const double slack = 0.01;

  g_assert_cmpuint (boxes->len, >, 0);
  for (guint i = 0; i < boxes->len; i++)
    {
      const IsafTextBox *box = &g_array_index (boxes, IsafTextBox, i);
      double left = MIN (box->x, box->ink_width > 0 ? box->ink_x : box->x);
      double top = MIN (box->y, box->ink_height > 0 ? box->ink_y : box->y);
      double right = MAX (box->x + box->width, box->ink_x + box->ink_width);
      double bottom = MAX (box->y + box->height, box->ink_y + box->ink_height);

      if (left < x - slack || top < y - slack || right > x + width + slack
          || bottom > y + height + slack)
        g_error ("“%s” on page %u spans %.2f,%.2f–%.2f,%.2f, outside %.2f,%.2f–%.2f,%.2f",
                 box->text, box->page + 1, left, top, right, bottom, x, y, x + width, y + height);
    }
}

void
isaf_print_test_assert_no_overlap (IsafPdfWriter *writer)
{
  GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));
  const double slack = 0.05;

  for (guint i = 0; i < boxes->len; i++)
    for (guint j = i + 1; j < boxes->len; j++)
      {
        const IsafTextBox *a = &g_array_index (boxes, IsafTextBox, i);
        const IsafTextBox *b = &g_array_index (boxes, IsafTextBox, j);

        if (a->page == b->page && a->x + a->width > b->x + slack
            && b->x + b->width > a->x + slack && a->y + a->height > b->y + slack
            && b->y + b->height > a->y + slack)
          g_error ("“%s” and “%s” overlap on page %u", a->text, b->text, a->page + 1);
      }
}

const IsafTextBox *
isaf_print_test_find_box (IsafPdfWriter *writer,
                          const char    *text)
{
  GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));

  for (guint i = 0; i < boxes->len; i++)
    if (g_str_equal (g_array_index (boxes, IsafTextBox, i).text, text))
      return &g_array_index (boxes, IsafTextBox, i);
  return NULL;
}

guint
isaf_print_test_count_boxes (IsafPdfWriter *writer,
                             const char    *text,
                             gboolean       whole)
{
  GArray *boxes = isaf_canvas_get_text_boxes (ISAF_CANVAS (writer));
  guint n = 0;

  for (guint i = 0; i < boxes->len; i++)
    {
      const char *box = g_array_index (boxes, IsafTextBox, i).text;

      n += whole ? g_str_equal (box, text) : strstr (box, text) != NULL;
    }
  return n;
}

GArray *
isaf_print_test_word_boxes (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                         "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_cmpint (isaf_print_test_run (&out, NULL, NULL, "pdftotext", "-bbox", pdf, "-", NULL),
                   ==, 0);
  for (g_regex_match (regex, out, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    for (int i = 1; i <= 4; i++)
      {
        g_autofree char *number = g_match_info_fetch (match, i);
        double value = g_ascii_strtod (number, NULL);

        g_array_append_val (boxes, value);
      }
  return boxes;
}

void
isaf_print_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        isaf_print_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
