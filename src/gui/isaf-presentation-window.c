/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-presentation-window"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gazetteer.h"
#include "isaf-gui-util.h"
#include "isaf-interface-meeting.h"
#include "isaf-jaapc-meeting.h"
#include "isaf-overview.h"
#include "isaf-presentation-window-private.h"

/* Presentation mode (F5 in the main window): the year's JAAP on a projector, for the JAAP
 * Committee's monthly meeting. A window of its own over the main one, fullscreen, in large
 * near-black type on white, moved through with the keyboard alone (the arrows, the Page Up
 * and Page Down that a presenter's remote sends, space and Backspace, Home and End; a click
 * also moves on) and left with Esc, which gives the main window its focus back. Everything is
 * read once, without blocking, when it opens; then the slides are made, and the table of the
 * plan is cut into as many pages as the room the screen leaves needs. */

G_DEFINE_FINAL_TYPE (IsafPresentationWindow, isaf_presentation_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The keys of a keyboard and of a presenter's remote, and what each does. F5 starts again
 * from the first slide, as it does in slide-show programs. */
static const struct {
  guint keyval;
  const char *action;
} slide_keys[] = {
  { GDK_KEY_Right, "slides.next" },
  { GDK_KEY_KP_Right, "slides.next" },
  { GDK_KEY_Down, "slides.next" },
  { GDK_KEY_KP_Down, "slides.next" },
  { GDK_KEY_Page_Down, "slides.next" },
  { GDK_KEY_KP_Page_Down, "slides.next" },
  { GDK_KEY_space, "slides.next" },
  { GDK_KEY_Left, "slides.previous" },
  { GDK_KEY_KP_Left, "slides.previous" },
  { GDK_KEY_Up, "slides.previous" },
  { GDK_KEY_KP_Up, "slides.previous" },
  { GDK_KEY_Page_Up, "slides.previous" },
  { GDK_KEY_KP_Page_Up, "slides.previous" },
  { GDK_KEY_BackSpace, "slides.previous" },
  { GDK_KEY_Home, "slides.first" },
  { GDK_KEY_KP_Home, "slides.first" },
  { GDK_KEY_F5, "slides.first" },
  { GDK_KEY_End, "slides.last" },
  { GDK_KEY_KP_End, "slides.last" },
  { GDK_KEY_Escape, "slides.leave" },
};

static const char * const move_actions[] = {
  "slides.next", "slides.previous", "slides.first", "slides.last",
};

static void
set_loading (IsafPresentationWindow *self,
             gboolean                loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Moving through the slides --------------------------------------------------------------- */

static void
show_slide (IsafPresentationWindow *self,
            guint                   index)
{
  GtkWidget *slide = g_ptr_array_index (self->slides, index);
  g_autofree char *number = isaf_context_format_integer (self->context, index + 1);
  g_autofree char *total = isaf_context_format_integer (self->context, self->slides->len);
  g_autofree char *counter = g_strdup_printf ("%s / %s", number, total);
  /* Translators: what a screen reader says for the counter in the corner: "Slide 3 of 17". */
  g_autofree char *spoken = g_strdup_printf (_("Slide %1$s of %2$s"), number, total);

  self->current = index;
  for (GtkWidget *child = gtk_widget_get_first_child (self->slide_area); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_child_visible (child, child == slide);
  gtk_widget_queue_resize (self->slide_area);
  gtk_label_set_label (self->counter_label, counter);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->counter_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_window_set_title (GTK_WINDOW (self), isaf_presentation_slide_get_title (slide));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "slides.previous", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "slides.first", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "slides.next", index + 1 < self->slides->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "slides.last", index + 1 < self->slides->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
compose_slides (IsafPresentationWindow *self)
{
  g_ptr_array_set_size (self->slides, 0);
  if (self->opening_slide != NULL)
    g_ptr_array_add (self->slides, self->opening_slide);
  g_ptr_array_extend (self->slides, self->table_pages, NULL, NULL);
  g_ptr_array_extend (self->slides, self->later_slides, NULL, NULL);
}

static void
move_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafPresentationWindow *self = ISAF_PRESENTATION_WINDOW (widget);
  guint last;

  if (self->slides->len == 0)
    return;
  last = self->slides->len - 1;
  if (g_str_equal (action_name, "slides.next"))
    show_slide (self, MIN (self->current + 1, last));
  else if (g_str_equal (action_name, "slides.previous"))
    show_slide (self, self->current > 0 ? self->current - 1 : 0);
  else if (g_str_equal (action_name, "slides.first"))
    show_slide (self, 0);
  else
    show_slide (self, last);
}

static void
leave_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* A click moves on, a right click goes back: for a presenter who reaches for the mouse. */
static void
on_click_released_cb (IsafPresentationWindow *self,
                      int                     n_press,
                      double                  x,
                      double                  y,
                      GtkGestureClick        *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  gtk_widget_activate_action (GTK_WIDGET (self),
                              button == GDK_BUTTON_SECONDARY ? "slides.previous" : "slides.next",
                              NULL);
}

/* Fitting the slides to the room ------------------------------------------------------------ */

/* The sizes of type a slide may be set in after its own, largest first (classes of the style
 * sheet): a slide whose text runs longer than the room (an action with every field filled,
 * in long Khmer) takes the first that fits rather than being cut. A new class only changes
 * what the slide measures once the next frame has restyled it, so fitting takes a frame per
 * step. */
static const char * const smaller_type[] = { "compact", "dense" };

static int
get_smaller_type (GtkWidget *slide)
{
  for (guint k = 0; k < G_N_ELEMENTS (smaller_type); k++)
    if (gtk_widget_has_css_class (slide, smaller_type[k]))
      return k;
  return -1;
}

static gboolean
slide_fits (GtkWidget *slide,
            int        width,
            int        height)
{
  int natural_height;

  gtk_widget_measure (slide, GTK_ORIENTATION_VERTICAL, width, NULL, &natural_height, NULL, NULL);
  return natural_height <= height;
}

/* Sets each slide that does not fit one size smaller; whether any was. */
static gboolean
shrink_misfits (IsafPresentationWindow *self,
                int                     width,
                int                     height)
{
  gboolean shrunk = FALSE;

  for (guint i = 0; i < self->later_slides->len; i++)
    {
      GtkWidget *slide = g_ptr_array_index (self->later_slides, i);
      int type = get_smaller_type (slide);

      if (type + 1 >= (int) G_N_ELEMENTS (smaller_type) || slide_fits (slide, width, height))
        continue;
      if (type >= 0)
        gtk_widget_remove_css_class (slide, smaller_type[type]);
      gtk_widget_add_css_class (slide, smaller_type[type + 1]);
      g_debug ("%s is set in %s type", isaf_presentation_slide_get_title (slide),
               smaller_type[type + 1]);
      shrunk = TRUE;
    }
  return shrunk;
}

static gboolean
fit_cb (gpointer user_data)
{
  IsafPresentationWindow *self = user_data;

  self->fit_id = 0;
  if (shrink_misfits (self, self->paged_width, self->paged_height))
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return G_SOURCE_REMOVE;
    }
  self->fitting = FALSE;
  set_loading (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* Runs once the window has been laid out (and so restyled) since the last step. */
static void
queue_fit (IsafPresentationWindow *self)
{
  if (self->fitting && self->fit_id == 0)
    self->fit_id = g_idle_add (fit_cb, self);
}

/* Paging the table ------------------------------------------------------------------------- */

/* The slide to come back to after the table is cut again: the same one, or the page that now
 * holds the first row of the page that was shown. */
static guint
find_slide_after_repaging (IsafPresentationWindow *self,
                           GtkWidget              *shown,
                           gboolean                shown_was_table,
                           guint                   shown_first_entry)
{
  guint index;

  if (shown != NULL && !shown_was_table && g_ptr_array_find (self->slides, shown, &index))
    return index;
  if (shown_was_table)
    for (guint i = self->table_pages->len; i > 0; i--)
      {
        GtkWidget *page = g_ptr_array_index (self->table_pages, i - 1);
        guint first = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "isaf-first-entry"));

        if (first <= shown_first_entry && g_ptr_array_find (self->slides, page, &index))
          return index;
      }
  return 0;
}

/* The table's pages are new widgets, measured as they are made; the other slides start again
 * from their own type and are fitted frame by frame. */
static gboolean
repage_cb (gpointer user_data)
{
  IsafPresentationWindow *self = user_data;
  int width = gtk_widget_get_width (self->slide_area);
  int height = gtk_widget_get_height (self->slide_area);
  GtkWidget *shown = self->slides->len > 0 ? g_ptr_array_index (self->slides, self->current)
                                           : NULL;
  gboolean shown_was_table = shown != NULL && g_ptr_array_find (self->table_pages, shown, NULL);
  guint shown_first_entry = shown_was_table
                            ? GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (shown),
                                                                   "isaf-first-entry"))
                            : 0;

  self->repage_id = 0;
  isaf_presentation_window_build_table (self, width, height);
  self->paged_width = width;
  self->paged_height = height;
  g_debug ("The table takes %u pages at %d×%d", self->table_pages->len, width, height);

  compose_slides (self);
  show_slide (self, find_slide_after_repaging (self, shown, shown_was_table, shown_first_entry));

  for (guint i = 0; i < self->later_slides->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (smaller_type); k++)
      gtk_widget_remove_css_class (g_ptr_array_index (self->later_slides, i), smaller_type[k]);
  self->fitting = TRUE;
  set_loading (self, TRUE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The table's pages depend on the room a slide has; it is known once the window has its
 * size, and changes with it (the window goes fullscreen only after it is first shown). */
static void
queue_repage (IsafPresentationWindow *self)
{
  int width = gtk_widget_get_width (self->slide_area);
  int height = gtk_widget_get_height (self->slide_area);

  if (self->opening_slide == NULL || self->repage_id != 0 || width <= 0 || height <= 0
      || (width == self->paged_width && height == self->paged_height))
    return;
  self->repage_id = g_idle_add (repage_cb, self);
}

/* Reading the year -------------------------------------------------------------------------- */

typedef enum {
  READ_PLAN,
  READ_JAAPC_MEETINGS,
  READ_UNITS,
  READ_INTERFACE_MEETINGS,
  READ_COMPARISONS,
} Read;

typedef struct {
  IsafPresentationWindow *self;
  Read read;
} ReadData;

static void
build_slides (IsafPresentationWindow *self)
{
  g_autofree char *year = isaf_presentation_window_format_year (self);
  GtkWidget *message = NULL;

  gtk_box_remove (GTK_BOX (self->slide_area), self->loading_slide);
  self->loading_slide = NULL;

  if (self->load_error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", self->load_error->message,
                                               _("Leave with Esc and try again. If it fails "
                                                 "again, restore the latest backup from the "
                                                 "main menu."));

      g_message ("Cannot present the JAAP: %s", self->load_error->message);
      message = isaf_presentation_window_build_message (self, _("The Plan Cannot Be Shown"),
                                                        text);
    }
  else if (self->jaap->entries->len == 0)
    {
      /* Translators: %s is the year of the cycle. */
      g_autofree char *title = g_strdup_printf (_("No Plan for %s Yet"), year);

      /* Translators: %1$s and %2$s are the titles of the pages in the sidebar, "Interface
       * meeting" and "Joint action plan". */
      g_autofree char *text = g_strdup_printf (_("This year’s JAAP has no action yet. Draft its "
                                                 "actions from the priorities of the interface "
                                                 "meeting on the %1$s page, or add them on the "
                                                 "%2$s page, then press F5 again to present "
                                                 "them."),
                                               isaf_stage_get_title (ISAF_STAGE_INTERFACE),
                                               isaf_stage_get_title (ISAF_STAGE_JAAP));

      message = isaf_presentation_window_build_message (self, title, text);
    }

  if (message != NULL)
    {
      g_ptr_array_add (self->later_slides, message);
      compose_slides (self);
      show_slide (self, 0);
      set_loading (self, FALSE);
      return;
    }

  self->opening_slide = isaf_presentation_window_build_opening (self);
  isaf_presentation_window_build_actions (self);
  isaf_presentation_window_build_charts (self);
  isaf_presentation_window_build_summary (self);
  compose_slides (self);
  show_slide (self, 0);
  queue_repage (self);
}

/* The units that the year's interface meetings covered, each once. */
static GArray *
collect_covered_units (GPtrArray *meetings)
{
  GArray *units = g_array_new (FALSE, FALSE, sizeof (IsafUuid));

  for (guint i = 0; i < meetings->len; i++)
    {
      IsafInterfaceMeeting *meeting = g_ptr_array_index (meetings, i);

      for (guint u = 0; u < meeting->units->len; u++)
        {
          const IsafUuid *unit = &g_array_index (meeting->units, IsafUuid, u);

          if (!isaf_gui_ids_contain (units, unit))
            g_array_append_val (units, *unit);
        }
    }
  return units;
}

static void start_read (IsafPresentationWindow *self,
                        Read                    read,
                        GArray                 *units);

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree ReadData *data = user_data;
  IsafStore *store = ISAF_STORE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafJaap) jaap = NULL;
  g_autoptr(GPtrArray) list = NULL;
  IsafPresentationWindow *self;

  if (data->read == READ_PLAN)
    jaap = isaf_jaap_load_finish (store, result, &error);
  else if (data->read == READ_JAAPC_MEETINGS)
    list = isaf_jaapc_meeting_list_finish (store, result, &error);
  else if (data->read == READ_UNITS)
    list = isaf_store_list_finish (store, result, &error);
  else if (data->read == READ_INTERFACE_MEETINGS)
    list = isaf_interface_meeting_list_finish (store, result, &error);
  else
    list = isaf_interface_compare_finish (store, result, &error);

  /* Cancelled: the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = data->self;

  if (error != NULL)
    {
      if (self->load_error == NULL)
        self->load_error = g_steal_pointer (&error);
    }
  else if (data->read == READ_PLAN)
    {
      self->jaap = g_steal_pointer (&jaap);
    }
  else if (data->read == READ_JAAPC_MEETINGS)
    {
      self->jaapc_meetings = g_steal_pointer (&list);
    }
  else if (data->read == READ_UNITS)
    {
      self->units = g_steal_pointer (&list);
    }
  else if (data->read == READ_INTERFACE_MEETINGS)
    {
      g_autoptr(GArray) units = collect_covered_units (list);

      if (units->len > 0)
        start_read (self, READ_COMPARISONS, units);
      else
        self->comparisons = g_ptr_array_new ();
    }
  else
    {
      self->comparisons = g_steal_pointer (&list);
    }

  if (--self->n_pending == 0)
    build_slides (self);
}

static void
start_read (IsafPresentationWindow *self,
            Read                    read,
            GArray                 *units)
{
  IsafStore *store = isaf_context_get_store (self->context);
  ReadData *data = g_new0 (ReadData, 1);

  data->self = self;
  data->read = read;
  self->n_pending++;
  if (read == READ_PLAN)
    isaf_jaap_load_async (store, self->year, self->cancellable, on_read_cb, data);
  else if (read == READ_JAAPC_MEETINGS)
    isaf_jaapc_meeting_list_async (store, self->year, self->cancellable, on_read_cb, data);
  else if (read == READ_UNITS)
    isaf_store_list_async (store, "service_unit", NULL, NULL, self->cancellable, on_read_cb,
                           data);
  else if (read == READ_INTERFACE_MEETINGS)
    isaf_interface_meeting_list_async (store, self->year, self->cancellable, on_read_cb, data);
  else
    isaf_interface_compare_async (store, self->year, units, self->cancellable, on_read_cb, data);
}

/* "ឃុំបន្ទាយនាង · JAAP 2025": which plan this is, in the corner of every slide. */
static void
show_deck_label (IsafPresentationWindow *self)
{
  g_autofree char *code = isaf_context_dup_commune_code (self->context);
  const IsafGazetteerEntry *commune = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), code);
  g_autofree char *name = commune ? g_strconcat (commune->unit_km, commune->name_km, NULL)
                                  : g_strdup (code);
  g_autofree char *year = isaf_presentation_window_format_year (self);
  /* Translators: in the corner of every slide: the commune, then the year of the plan. */
  g_autofree char *text = g_strdup_printf (_("%1$s · JAAP %2$s"), name, year);

  gtk_label_set_label (self->deck_label, text);
}

/* The room for the slides -------------------------------------------------------------------- */

/* The room shows its one child-visible slide at the room's width. It asks for no height of its
 * own, and for no more width than the slide's narrowest: a slide asked how wide it must be for
 * a given height, or how tall at its narrowest, answers with sizes far past the screen
 * (wrapped text), and the window must not grow for them. Slides are made to fit the room they
 * get; one that cannot is cut at the bottom, never pushed off the sides. */
static GtkWidget *
get_shown_slide (GtkWidget *slide_area)
{
  for (GtkWidget *child = gtk_widget_get_first_child (slide_area); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_child_visible (child))
      return child;
  return NULL;
}

static GtkSizeRequestMode
get_slide_area_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
measure_slide_area (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  GtkWidget *slide = get_shown_slide (widget);

  *minimum = *natural = 0;
  if (slide == NULL)
    return;
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      gtk_widget_measure (slide, orientation, for_size, NULL, natural, NULL, NULL);
      return;
    }
  /* Whatever the height it is asked for: text squeezed into a few lines is wide. */
  gtk_widget_measure (slide, orientation, -1, minimum, NULL, NULL, NULL);
  *natural = *minimum;
}

static void
allocate_slide_area (GtkWidget *widget,
                     int        width,
                     int        height,
                     int        baseline)
{
  GtkWidget *slide = get_shown_slide (widget);
  int minimum_height;

  if (slide == NULL)
    return;
  gtk_widget_measure (slide, GTK_ORIENTATION_VERTICAL, width, &minimum_height, NULL, NULL, NULL);
  gtk_widget_allocate (slide, width, MAX (height, minimum_height), -1, NULL);
}

/* GtkWidget and GtkWindow ------------------------------------------------------------------- */

static void
isaf_presentation_window_size_allocate (GtkWidget *widget,
                                        int        width,
                                        int        height,
                                        int        baseline)
{
  IsafPresentationWindow *self = ISAF_PRESENTATION_WINDOW (widget);

  GTK_WIDGET_CLASS (isaf_presentation_window_parent_class)->size_allocate (widget, width, height,
                                                                          baseline);
  queue_repage (self);
  queue_fit (self);
}

/* Leaving gives the keyboard back to the window the presentation was started from. */
static gboolean
isaf_presentation_window_close_request (GtkWindow *window)
{
  GtkWindow *parent = gtk_window_get_transient_for (window);

  if (parent != NULL)
    gtk_window_present (parent);
  return GTK_WINDOW_CLASS (isaf_presentation_window_parent_class)->close_request (window);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
isaf_presentation_window_constructed (GObject *object)
{
  IsafPresentationWindow *self = ISAF_PRESENTATION_WINDOW (object);

  G_OBJECT_CLASS (isaf_presentation_window_parent_class)->constructed (object);

  self->year = isaf_context_get_year (self->context);
  show_deck_label (self);
  start_read (self, READ_PLAN, NULL);
  start_read (self, READ_JAAPC_MEETINGS, NULL);
  start_read (self, READ_UNITS, NULL);
  start_read (self, READ_INTERFACE_MEETINGS, NULL);
}

static void
isaf_presentation_window_dispose (GObject *object)
{
  IsafPresentationWindow *self = ISAF_PRESENTATION_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->repage_id, g_source_remove);
  g_clear_handle_id (&self->fit_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_PRESENTATION_WINDOW);

  G_OBJECT_CLASS (isaf_presentation_window_parent_class)->dispose (object);
}

static void
isaf_presentation_window_finalize (GObject *object)
{
  IsafPresentationWindow *self = ISAF_PRESENTATION_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_free (self->today);
  g_clear_pointer (&self->jaap, isaf_jaap_free);
  g_clear_pointer (&self->jaapc_meetings, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->comparisons, g_ptr_array_unref);
  g_clear_error (&self->load_error);
  g_ptr_array_unref (self->table_pages);
  g_ptr_array_unref (self->later_slides);
  g_ptr_array_unref (self->slides);

  G_OBJECT_CLASS (isaf_presentation_window_parent_class)->finalize (object);
}

static void
isaf_presentation_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  IsafPresentationWindow *self = ISAF_PRESENTATION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_CURRENT:
      g_value_set_uint (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_presentation_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  IsafPresentationWindow *self = ISAF_PRESENTATION_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_presentation_window_class_init (IsafPresentationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = isaf_presentation_window_constructed;
  object_class->dispose = isaf_presentation_window_dispose;
  object_class->finalize = isaf_presentation_window_finalize;
  object_class->get_property = isaf_presentation_window_get_property;
  object_class->set_property = isaf_presentation_window_set_property;
  widget_class->size_allocate = isaf_presentation_window_size_allocate;
  window_class->close_request = isaf_presentation_window_close_request;

  /**
   * IsafPresentationWindow:context:
   *
   * The open commune database and the year to present.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafPresentationWindow:loading:
   *
   * Whether the year is still being read or its slides made.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafPresentationWindow:current-slide:
   *
   * The index of the slide shown, from 0.
   */
  properties[PROP_CURRENT] =
    g_param_spec_uint ("current-slide", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "slides.next", NULL, move_activated);
  gtk_widget_class_install_action (widget_class, "slides.previous", NULL, move_activated);
  gtk_widget_class_install_action (widget_class, "slides.first", NULL, move_activated);
  gtk_widget_class_install_action (widget_class, "slides.last", NULL, move_activated);
  gtk_widget_class_install_action (widget_class, "slides.leave", NULL, leave_activated);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/kh/gov/ncdd/IsafCommune/isaf-presentation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafPresentationWindow, deck_label);
  gtk_widget_class_bind_template_child (widget_class, IsafPresentationWindow, counter_label);
  gtk_widget_class_bind_template_child (widget_class, IsafPresentationWindow, slide_area);
  gtk_widget_class_bind_template_child (widget_class, IsafPresentationWindow, loading_slide);
}

static void
isaf_presentation_window_init (IsafPresentationWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (self->slide_area,
                                 gtk_custom_layout_new (get_slide_area_request_mode,
                                                        measure_slide_area, allocate_slide_area));

  self->cancellable = g_cancellable_new ();
  self->today = isaf_jaap_dup_today ();
  self->table_pages = g_ptr_array_new ();
  self->later_slides = g_ptr_array_new ();
  self->slides = g_ptr_array_new ();
  self->loading = TRUE;

  /* Before any widget sees the keys: the window's own bindings would move the focus with the
   * arrows and activate it with space. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (slide_keys); i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (slide_keys[i].keyval, 0);
      GtkShortcutAction *action = gtk_named_action_new (slide_keys[i].action);

      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                            gtk_shortcut_new (trigger, action));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (self->slide_area, GTK_EVENT_CONTROLLER (click));

  /* Nothing to move through until the slides are made. */
  for (guint i = 0; i < G_N_ELEMENTS (move_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), move_actions[i], FALSE);
}

/* Shared with the slides' files ------------------------------------------------------------- */

void
isaf_presentation_window_add_slide (IsafPresentationWindow *self,
                                    GtkWidget              *slide)
{
  gtk_widget_set_child_visible (slide, FALSE);
  gtk_box_append (GTK_BOX (self->slide_area), slide);
}

void
isaf_presentation_window_remove_slide (IsafPresentationWindow *self,
                                       GtkWidget              *slide)
{
  gtk_box_remove (GTK_BOX (self->slide_area), slide);
}

char *
isaf_presentation_window_format_year (IsafPresentationWindow *self)
{
  g_autofree char *ascii = g_strdup_printf ("%d", self->year);

  return isaf_context_format_digits (self->context, ascii);
}

/* The Khmer name of the service unit @unit_id (its English one when it has none), or NULL. */
const char *
isaf_presentation_window_get_unit_name (IsafPresentationWindow *self,
                                        const IsafUuid         *unit_id)
{
  for (guint i = 0; self->units != NULL && i < self->units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (self->units, i);

      if (isaf_uuid_equal (isaf_record_get_id (unit), unit_id))
        {
          const char *name_km = isaf_record_get_text (unit, "name_km");

          return name_km != NULL && name_km[0] != '\0' ? name_km
                                                       : isaf_record_get_text (unit, "name_en");
        }
    }
  return NULL;
}

/* Public API ---------------------------------------------------------------------------------- */

/**
 * isaf_presentation_window_new:
 * @parent: the window it is presented from, which gets the focus back when it closes
 * @context: the open commune database; the year is the one chosen in it now
 *
 * Returns: (transfer none): a new presentation window, fullscreen once presented
 */
GtkWidget *
isaf_presentation_window_new (GtkWindow   *parent,
                              IsafContext *context)
{
  GtkWidget *window;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  window = g_object_new (ISAF_TYPE_PRESENTATION_WINDOW,
                         "context", context,
                         "transient-for", parent,
                         NULL);
  gtk_window_fullscreen (GTK_WINDOW (window));
  return window;
}

/**
 * isaf_presentation_window_present_for:
 * @parent: the window it is presented from
 * @context: the open commune database
 *
 * Shows the presentation already open over @parent, or opens one: never two.
 *
 * Returns: (transfer none): the presentation window
 */
IsafPresentationWindow *
isaf_presentation_window_present_for (GtkWindow   *parent,
                                      IsafContext *context)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  IsafPresentationWindow *found = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ISAF_IS_PRESENTATION_WINDOW (toplevel)
          && gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == parent)
        found = ISAF_PRESENTATION_WINDOW (toplevel);
    }
  if (found == NULL)
    found = ISAF_PRESENTATION_WINDOW (isaf_presentation_window_new (parent, context));
  gtk_window_present (GTK_WINDOW (found));
  return found;
}

gboolean
isaf_presentation_window_get_loading (IsafPresentationWindow *self)
{
  g_return_val_if_fail (ISAF_IS_PRESENTATION_WINDOW (self), FALSE);

  return self->loading;
}

guint
isaf_presentation_window_get_n_slides (IsafPresentationWindow *self)
{
  g_return_val_if_fail (ISAF_IS_PRESENTATION_WINDOW (self), 0);

  return self->slides->len;
}

guint
isaf_presentation_window_get_current (IsafPresentationWindow *self)
{
  g_return_val_if_fail (ISAF_IS_PRESENTATION_WINDOW (self), 0);

  return self->current;
}

GtkWidget *
isaf_presentation_window_get_slide (IsafPresentationWindow *self,
                                    guint                   index)
{
  g_return_val_if_fail (ISAF_IS_PRESENTATION_WINDOW (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);

  return g_ptr_array_index (self->slides, index);
}
