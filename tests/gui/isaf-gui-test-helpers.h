/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shared by the GUI tests, which run under Xvfb on the application's own widgets: finding
 * widgets, waiting on the main loop with a time limit, screenshots, temporary folders.
 * Every wait fails the test when its time runs out, and every helper asserts what it needs
 * rather than returning an error. */

/* How long a frame may take to be drawn before the test fails. */
#define ISAF_GUI_TEST_FRAME_TIMEOUT_SECONDS 30

/* Start-up ------------------------------------------------------------------------------ */

/* gtk_test_init(), then the real locale (gtk_test_init() forces one that may not exist here;
 * LANGUAGE=km needs it) and the translations from $ISAF_LOCALEDIR, else LOCALEDIR. */
void        isaf_gui_test_init               (int          *argc,
                                              char       ***argv);

/* Whether this is the Khmer run of a test (LANGUAGE=km…). */
gboolean    isaf_gui_test_is_khmer_run       (void);

/* Temporary folders --------------------------------------------------------------------- */

/* A new folder from g_dir_make_tmp() with @tmpl (“isaf-…-XXXXXX”). */
char       *isaf_gui_test_make_dir           (const char    *tmpl);
/* Removes @dir and everything in it, asserts that it is gone, and frees @dir. */
void        isaf_gui_test_remove_dir         (char          *dir);

/* Widgets ------------------------------------------------------------------------------- */

/* @root and every widget below it that is a @type, in tree order (parents before their
 * children, siblings in order). The array does not own them. */
GPtrArray  *isaf_gui_test_find_widgets       (gpointer       root,
                                              GType          type);
/* The one widget of @type at or below @root; fails the test unless there is exactly one. */
gpointer    isaf_gui_test_find_widget        (gpointer       root,
                                              GType          type);
/* The first button at or below @root whose action is @action_name; fails the test if none. */
GtkWidget  *isaf_gui_test_find_button        (gpointer       root,
                                              const char    *action_name);
/* The newest visible toplevel window of @type, or NULL. */
gpointer    isaf_gui_test_find_toplevel      (GType          type);
/* Destroys @window and asserts that nothing else holds it. */
void        isaf_gui_test_destroy_window     (gpointer       window);

/* Segmenting Khmer for wrapping adds U+200B ZERO WIDTH SPACE to a label's text: @text
 * without it, to compare with what the core says. */
char       *isaf_gui_test_strip_zwsp         (const char    *text);

/* Forms ----------------------------------------------------------------------------------- */

/* What a label says, without the word breaks added for wrapping. */
char       *isaf_gui_test_dup_label_text     (GtkWidget     *label);
/* The same for the title of an AdwPreferencesRow. */
char       *isaf_gui_test_dup_row_title      (gpointer       row);
/* The first row at or below @root titled @title; fails the test if none. */
GtkWidget  *isaf_gui_test_find_field         (gpointer       root,
                                              const char    *title);
/* The message under a form's field (the row right after it), as the user reads it; NULL
 * when none is shown. */
char       *isaf_gui_test_dup_field_message  (GtkWidget     *field);
/* An editor's own message at its top, where the core's sentence goes. */
GtkWidget  *isaf_gui_test_find_editor_message (gpointer      editor);
/* Chooses the item of the AdwComboRow @combo that reads @label. */
void        isaf_gui_test_choose             (GtkWidget     *combo,
                                              const char    *label);

/* Main loop ----------------------------------------------------------------------------- */

typedef gboolean (*IsafGuiTestDoneFunc) (gpointer data);

/* A GSourceFunc for g_timeout_add(): sets the gboolean that @flag points to, once. */
gboolean    isaf_gui_test_set_flag_cb        (gpointer       flag);

/* Iterates the default main context (blocking) until @done returns TRUE for @data; fails
 * the test after @timeout_seconds. @done is called before each iteration. */
void        isaf_gui_test_wait_until         (IsafGuiTestDoneFunc done,
                                              gpointer       data,
                                              guint          timeout_seconds);

/* The same for an expression, evaluated before each iteration. */
#define ISAF_GUI_TEST_WAIT_FOR(condition, timeout_seconds) \
  G_STMT_START { \
    gboolean timed_out_ = FALSE; \
    guint timeout_id_ = g_timeout_add_seconds ((timeout_seconds), isaf_gui_test_set_flag_cb, \
                                               &timed_out_); \
    while (!(condition) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    g_assert_false (timed_out_); \
    g_source_remove (timeout_id_); \
  } G_STMT_END

/* Iterates the default main context, without blocking, until nothing is pending. */
void        isaf_gui_test_iterate_pending    (void);
/* Iterates the default main context (blocking) for @milliseconds: time for work on other
 * threads to report back. */
void        isaf_gui_test_iterate_for        (guint          milliseconds);

/* Waits until @widget's frame clock has painted a frame with what @widget shows now (it
 * queues a redraw first). @widget must be realized. */
void        isaf_gui_test_wait_for_frame     (GtkWidget     *widget);

/* Screenshots --------------------------------------------------------------------------- */

/* Waits for a frame (isaf_gui_test_wait_for_frame()), then saves what @widget shows, at its
 * size, as a PNG file at @path, and notes it in the test log. */
void        isaf_gui_test_save_screenshot    (GtkWidget     *widget,
                                              const char    *path);
/* The same into $ISAF_SCREENSHOT_DIR as @file_name; nothing when the variable is unset or
 * empty (the test run did not ask for screenshots). */
void        isaf_gui_test_save_screenshot_in_dir (GtkWidget  *widget,
                                                  const char *file_name);

G_END_DECLS
