/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-gui-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "isaf-gui-test-helpers.h"
#include "isaf-test-helpers.h"

/* Start-up ------------------------------------------------------------------------------ */

/* GTK 4.8's file chooser path bar sometimes draws a button it added before giving it a
 * size, when the chooser changes folder while shown. gtk_test_init() makes every
 * warning fatal; this one upstream warning, and only when the button is the path bar's, is
 * written out and let pass. */
static gboolean
is_path_bar_snapshot_warning (const char *domain,
                              const char *message)
{
  static const char prefix[] = "Trying to snapshot GtkButton ";
  gpointer pointer = NULL;
  GtkWidget *parent;

  if (g_strcmp0 (domain, "Gtk") != 0 || !g_str_has_prefix (message, prefix)
      || !g_str_has_suffix (message, " without a current allocation")
      || sscanf (message + strlen (prefix), "%p", &pointer) != 1 || !GTK_IS_BUTTON (pointer))
    return FALSE;
  parent = gtk_widget_get_parent (pointer);
  return parent != NULL && g_str_equal (G_OBJECT_TYPE_NAME (parent), "GtkPathBar");
}

static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = "";

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }
  if ((level & G_LOG_LEVEL_WARNING) != 0 && is_path_bar_snapshot_warning (domain, message))
    return g_log_writer_standard_streams (level & ~G_LOG_FLAG_FATAL, fields, n_fields,
                                          user_data);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
isaf_gui_test_init (int    *argc,
                    char ***argv)
{
  const char *localedir = g_getenv ("ISAF_LOCALEDIR");

  gtk_test_init (argc, argv, NULL);
  g_log_set_writer_func (write_log, NULL, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
isaf_gui_test_is_khmer_run (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "km");
}

/* Temporary folders --------------------------------------------------------------------- */

char *
isaf_gui_test_make_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
isaf_gui_test_remove_dir (char *dir)
{
  isaf_test_remove_tree (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_free (dir);
}

/* Widgets ------------------------------------------------------------------------------- */

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

GPtrArray *
isaf_gui_test_find_widgets (gpointer root,
                            GType    type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (root), type, found);
  return found;
}

gpointer
isaf_gui_test_find_widget (gpointer root,
                           GType    type)
{
  g_autoptr(GPtrArray) found = isaf_gui_test_find_widgets (root, type);

  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

GtkWidget *
isaf_gui_test_find_button (gpointer    root,
                           const char *action_name)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)),
                   action_name) == 0)
      return g_ptr_array_index (buttons, i);
  g_error ("No button for %s", action_name);
}

gpointer
isaf_gui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gpointer found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type)
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        found = toplevel;
    }
  return found;
}

void
isaf_gui_test_destroy_window (gpointer window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

char *
isaf_gui_test_strip_zwsp (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\u200B", -1);

  return g_strjoinv ("", parts);
}

/* Main loop ----------------------------------------------------------------------------- */

gboolean
isaf_gui_test_set_flag_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

void
isaf_gui_test_wait_until (IsafGuiTestDoneFunc done,
                          gpointer            data,
                          guint               timeout_seconds)
{
  ISAF_GUI_TEST_WAIT_FOR (done (data), timeout_seconds);
}

void
isaf_gui_test_iterate_pending (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

void
isaf_gui_test_iterate_for (guint milliseconds)
{
  gboolean waited = FALSE;

  g_timeout_add (milliseconds, isaf_gui_test_set_flag_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_after_paint_cb (guint *n_frames)
{
  (*n_frames)++;
}

void
isaf_gui_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint n_frames = 0;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (on_after_paint_cb),
                                      &n_frames);
  gtk_widget_queue_draw (widget);
  ISAF_GUI_TEST_WAIT_FOR (n_frames > 0, ISAF_GUI_TEST_FRAME_TIMEOUT_SECONDS);
  g_signal_handler_disconnect (clock, handler);
}

/* Screenshots --------------------------------------------------------------------------- */

typedef struct
{
  GtkWidget *widget;
  GskRenderNode *node;
  int width;
  int height;
} ScreenshotCapture;

/* Runs right after the window was painted: its layout is exactly what is on screen, and
 * no other source ran since, so no child can be waiting for a new allocation (snapshotting
 * one that is makes GTK warn). */
static void
on_after_paint_capture_cb (ScreenshotCapture *capture)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;

  if (capture->node != NULL)
    return;
  capture->width = gtk_widget_get_width (capture->widget);
  capture->height = gtk_widget_get_height (capture->widget);
  paintable = gtk_widget_paintable_new (capture->widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, capture->width, capture->height);
  capture->node = gtk_snapshot_free_to_node (snapshot);
}

void
isaf_gui_test_save_screenshot (GtkWidget  *widget,
                               const char *path)
{
  g_autoptr(GdkTexture) texture = NULL;
  ScreenshotCapture capture = { widget, NULL, 0, 0 };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect_swapped (clock, "after-paint",
                                      G_CALLBACK (on_after_paint_capture_cb), &capture);
  gtk_widget_queue_draw (widget);
  ISAF_GUI_TEST_WAIT_FOR (capture.node != NULL, ISAF_GUI_TEST_FRAME_TIMEOUT_SECONDS);
  g_signal_handler_disconnect (clock, handler);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         capture.node,
                                         &GRAPHENE_RECT_INIT (0, 0, capture.width,
                                                              capture.height));
  gsk_render_node_unref (capture.node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s (%d×%d)", path, capture.width, capture.height);
}

void
isaf_gui_test_save_screenshot_in_dir (GtkWidget  *widget,
                                      const char *file_name)
{
  const char *dir = g_getenv ("ISAF_SCREENSHOT_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;
  path = g_build_filename (dir, file_name, NULL);
  isaf_gui_test_save_screenshot (widget, path);
}

/* Forms ----------------------------------------------------------------------------------- */

char *
isaf_gui_test_dup_label_text (GtkWidget *label)
{
  return isaf_gui_test_strip_zwsp (gtk_label_get_label (GTK_LABEL (label)));
}

char *
isaf_gui_test_dup_row_title (gpointer row)
{
  return isaf_gui_test_strip_zwsp (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

GtkWidget *
isaf_gui_test_find_field (gpointer    root,
                          const char *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (root, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *row_title = isaf_gui_test_dup_row_title (g_ptr_array_index (rows, i));

      if (g_str_equal (row_title, title))
        return g_ptr_array_index (rows, i);
    }
  g_error ("No field “%s”", title);
}

char *
isaf_gui_test_dup_field_message (GtkWidget *field)
{
  GtkWidget *row = gtk_widget_get_next_sibling (field);

  g_assert_true (ADW_IS_PREFERENCES_ROW (row));
  if (!gtk_widget_get_visible (row))
    return NULL;
  return isaf_gui_test_dup_label_text (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
}

GtkWidget *
isaf_gui_test_find_editor_message (gpointer editor)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (editor, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (label, "error") && !gtk_widget_has_css_class (label, "caption"))
        return label;
    }
  g_error ("No message label in the editor");
}

void
isaf_gui_test_choose (GtkWidget  *combo,
                      const char *label)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
          return;
        }
    }
  g_error ("No choice “%s”", label);
}
