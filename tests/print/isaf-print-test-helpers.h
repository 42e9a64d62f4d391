/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "isaf-canvas.h"
#include "isaf-pdf-writer.h"

G_BEGIN_DECLS

/* A folder of the test's own for its files, removed with them when the test ends: the fixture
 * of isaf_print_test_add(). */
typedef struct {
  char *dir;
} IsafPrintTestFiles;

typedef void (*IsafPrintTestFunc) (IsafPrintTestFiles *files,
                                   gconstpointer       data);

/* The demo database the print tests read, made once a run: commune 010201 with two years of
 * cycles from seed 7, the last complete one last year's. */
typedef struct {
  char *dir;
  char *path;
  int year;
} IsafPrintTestDemo;

/* Adds a test that gets a folder of its own (isaf_print_test_setup() and _teardown()). */
void               isaf_print_test_add               (const char          *path,
                                                      IsafPrintTestFunc    test);
void               isaf_print_test_setup             (IsafPrintTestFiles  *files,
                                                      gconstpointer        data);
void               isaf_print_test_teardown          (IsafPrintTestFiles  *files,
                                                      gconstpointer        data);
/* The path of @name in the test's folder. */
char              *isaf_print_test_path              (IsafPrintTestFiles  *files,
                                                      const char          *name);
void               isaf_print_test_demo_make         (IsafPrintTestDemo   *demo);
void               isaf_print_test_demo_clear        (IsafPrintTestDemo   *demo);

/* A new PDF writer in the poster fonts. */
IsafPdfWriter     *isaf_print_test_new_writer        (void);
void               isaf_print_test_save              (IsafCanvas          *canvas,
                                                      const char          *path);

/* Runs a program (argv NULL-terminated, @envp NULL for this process's environment) and
 * returns its exit status; its output is returned when asked for and dropped otherwise, so
 * that it does not mix with the test's TAP output. */
int                isaf_print_test_run               (char               **out,
                                                      char               **err,
                                                      char               **envp,
                                                      const char          *first,
                                                      ...) G_GNUC_NULL_TERMINATED;
/* Skips the test, and returns FALSE, when a command-line tool is not installed. */
gboolean           isaf_print_test_need_tool         (const char          *tool);

void               isaf_print_test_assert_qpdf       (const char          *pdf);
char              *isaf_print_test_pdftotext         (const char          *pdf);
/* The first page rendered by pdftoppm at @dpi. */
cairo_surface_t   *isaf_print_test_render_page       (const char          *pdf,
                                                      int                  dpi);
/* The page size pdfinfo reports for page 1, and the number of pages. */
void               isaf_print_test_page_size         (const char          *pdf,
                                                      double              *width,
                                                      double              *height,
                                                      int                 *n_pages);
/* Every character but white space, for comparing extracted text whatever its line breaks. */
char              *isaf_print_test_squeeze           (const char          *text);
/* Asserts that every box (ink and logical) lies inside the rectangle. */
void               isaf_print_test_assert_inside     (GArray              *boxes,
                                                      double               x,
                                                      double               y,
                                                      double               width,
                                                      double               height);
/* Asserts that no two blocks of text the writer drew on a page overlap. */
void               isaf_print_test_assert_no_overlap (IsafPdfWriter       *writer);
/* The first block of text the writer drew that is @text, or NULL. */
const IsafTextBox *isaf_print_test_find_box          (IsafPdfWriter       *writer,
                                                      const char          *text);
/* How many blocks of text the writer drew are @text (@whole) or hold it. */
guint              isaf_print_test_count_boxes       (IsafPdfWriter       *writer,
                                                      const char          *text,
                                                      gboolean             whole);
/* The word boxes pdftotext -bbox finds on every page: x1, y1, x2, y2 from the top-left corner
 * of the page, four doubles a word. */
GArray            *isaf_print_test_word_boxes        (const char          *pdf);
void               isaf_print_test_remove_tree       (const char          *path);

G_END_DECLS
