/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "isaf-canvas.h"

G_BEGIN_DECLS

/* Runs a program (argv NULL-terminated, @envp NULL for this process's environment) and
 * returns its exit status; its output is returned when asked for and dropped otherwise, so
 * that it does not mix with the test's TAP output. */
int              isaf_print_test_run           (char       **out,
                                                char       **err,
                                                char       **envp,
                                                const char  *first,
                                                ...) G_GNUC_NULL_TERMINATED;
/* Skips the test, and returns FALSE, when a command-line tool is not installed. */
gboolean         isaf_print_test_need_tool     (const char  *tool);

void             isaf_print_test_assert_qpdf   (const char  *pdf);
char            *isaf_print_test_pdftotext     (const char  *pdf);
/* The first page rendered by pdftoppm at @dpi. */
cairo_surface_t *isaf_print_test_render_page   (const char  *pdf,
                                                int          dpi);
/* The page size pdfinfo reports for page 1, and the number of pages. */
void             isaf_print_test_page_size     (const char  *pdf,
                                                double      *width,
                                                double      *height,
                                                int         *n_pages);
/* Every character but white space, for comparing extracted text whatever its line breaks. */
char            *isaf_print_test_squeeze       (const char  *text);
/* Asserts that every box (ink and logical) lies inside the rectangle. */
void             isaf_print_test_assert_inside (GArray      *boxes,
                                                double       x,
                                                double       y,
                                                double       width,
                                                double       height);
/* The word boxes pdftotext -bbox finds on every page: x1, y1, x2, y2 from the top-left corner
 * of the page, four doubles a word. */
GArray          *isaf_print_test_word_boxes    (const char  *pdf);
void             isaf_print_test_remove_tree   (const char  *path);

G_END_DECLS
