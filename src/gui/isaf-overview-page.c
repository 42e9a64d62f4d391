/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-khmer.h"
#include "isaf-overview-page.h"

/* The cycle dashboard: what needs the clerk's attention, the headline numbers, and for each
 * stage of the year shown its status, the count that matters and the next thing to do.
 * Activating a stage opens its page (the window's win.show-page action). */

typedef enum {
  NUMBER_VILLAGES,
  NUMBER_SERVICE_UNITS,
  NUMBER_ACTIVE_CAFS,
  NUMBER_ACTIONS_COMPLETED,
  NUMBER_ACTIONS_ONGOING,
  NUMBER_ACTIONS_NOT_STARTED,
  N_NUMBERS
} Number;

static const char * const number_captions[N_NUMBERS] = {
  N_("Villages"),
  N_("Service units"),
  N_("Active CAFs"),
  N_("JAAP actions completed"),
  N_("JAAP actions ongoing"),
  N_("JAAP actions not started"),
};

static const char * const status_style_classes[] = {
  [ISAF_STAGE_STATUS_NOT_STARTED] = "not-started",
  [ISAF_STAGE_STATUS_IN_PROGRESS] = "in-progress",
  [ISAF_STAGE_STATUS_DONE] = "done",
};

struct _IsafOverviewPage
{
  AdwBin parent_instance;

  GtkBox *warnings_box;
  GtkBox *numbers_box;
  AdwPreferencesGroup *stages_group;

  GtkLabel *number_labels[N_NUMBERS];
  AdwActionRow *stage_rows[ISAF_N_STAGES];
  GtkLabel *status_labels[ISAF_N_STAGES];
  GPtrArray *warning_rows;

  IsafContext *context;
  GCancellable *cancellable;
  IsafOverview *overview;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (IsafOverviewPage, isaf_overview_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (IsafOverviewPage *self);

static gint64
get_number (const IsafOverview *overview,
            Number              number)
{
  switch (number)
    {
    case NUMBER_VILLAGES:
      return overview->n_villages;
    case NUMBER_SERVICE_UNITS:
      return overview->n_service_units;
    case NUMBER_ACTIVE_CAFS:
      return overview->n_active_cafs;
    case NUMBER_ACTIONS_COMPLETED:
      return overview->actions_completed;
    case NUMBER_ACTIONS_ONGOING:
      return overview->actions_ongoing;
    case NUMBER_ACTIONS_NOT_STARTED:
      return overview->actions_not_started;
    case N_NUMBERS:
    default:
      g_return_val_if_reached (0);
    }
}

static void
set_loading (IsafOverviewPage *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_warnings (IsafOverviewPage *self)
{
  IsafWarnings warnings = isaf_overview_get_warnings (self->overview);

  for (guint i = 0; i < self->warning_rows->len; i++)
    gtk_box_remove (self->warnings_box, g_ptr_array_index (self->warning_rows, i));
  g_ptr_array_set_size (self->warning_rows, 0);

  for (IsafWarnings warning = ISAF_WARNING_FEW_CAFS; warning <= ISAF_WARNING_OVERDUE_ACTIONS;
       warning <<= 1)
    {
      g_autofree char *ascii = NULL;
      g_autofree char *text = NULL;
      g_autofree char *segmented = NULL;
      GtkWidget *row, *icon, *label;

      if (!(warnings & warning))
        continue;

      ascii = isaf_overview_describe_warning (self->overview, warning);
      text = isaf_context_format_digits (self->context, ascii);
      segmented = isaf_khmer_segment (text);
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      label = gtk_label_new (segmented);

      gtk_widget_add_css_class (row, "card");
      gtk_widget_add_css_class (row, "isaf-warning");
      gtk_widget_add_css_class (icon, "warning");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Warning"), -1);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (self->warnings_box, row);
      g_ptr_array_add (self->warning_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_box), self->warning_rows->len > 0);
}

static void
show_numbers (IsafOverviewPage *self)
{
  for (guint i = 0; i < N_NUMBERS; i++)
    {
      g_autofree char *text = isaf_context_format_integer (self->context,
                                                           get_number (self->overview, i));

      gtk_label_set_label (self->number_labels[i], text);
    }
}

/* The count that matters and, below it, the next thing to do. */
static char *
describe_stage (IsafOverviewPage       *self,
                const IsafStageSummary *summary)
{
  g_autofree char *count = isaf_stage_summary_describe (summary);
  g_autofree char *next = isaf_stage_summary_next_step (summary);
  g_autofree char *ascii = next ? g_strconcat (count, "\n", next, NULL) : g_strdup (count);
  g_autofree char *text = isaf_context_format_digits (self->context, ascii);

  return isaf_khmer_segment (text);
}

static void
show_stages (IsafOverviewPage *self)
{
  if (self->overview->year > 0)
    {
      g_autofree char *ascii_year = g_strdup_printf ("%d", self->overview->year);
      g_autofree char *year = isaf_context_format_digits (self->context, ascii_year);
      /* Translators: the heading of the list of stages; %s is the year. */
      g_autofree char *title = g_strdup_printf (_("Cycle %s"), year);

      adw_preferences_group_set_title (self->stages_group, title);
      adw_preferences_group_set_description (self->stages_group, NULL);
    }
  else
    {
      g_autofree char *description = isaf_khmer_segment (_("No cycle has been started yet. "
                                                           "These are the stages of each "
                                                           "year’s cycle."));

      adw_preferences_group_set_title (self->stages_group, _("The ISAF Cycle"));
      adw_preferences_group_set_description (self->stages_group, description);
    }

  for (guint i = 0; i < ISAF_N_STAGES; i++)
    {
      const IsafStageSummary *summary = &self->overview->stages[i];
      g_autofree char *subtitle = describe_stage (self, summary);
      GtkWidget *status = GTK_WIDGET (self->status_labels[i]);

      adw_action_row_set_subtitle (self->stage_rows[i], subtitle);
      gtk_label_set_label (self->status_labels[i], isaf_stage_status_get_label (summary->status));
      for (guint s = 0; s < G_N_ELEMENTS (status_style_classes); s++)
        gtk_widget_remove_css_class (status, status_style_classes[s]);
      gtk_widget_add_css_class (status, status_style_classes[summary->status]);
    }
}

static void
show_overview (IsafOverviewPage *self)
{
  show_warnings (self);
  show_numbers (self);
  show_stages (self);
}

/* Runs after the page may be gone: a cancelled result means @user_data must not be used. */
static void
on_overview_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafOverview) overview = isaf_overview_load_finish (ISAF_DATABASE (source), result,
                                                                &error);
  IsafOverviewPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_OVERVIEW_PAGE (user_data);
  set_loading (self, FALSE);

  if (overview == NULL)
    {
      isaf_context_report_error (self->context, error);
      return;
    }

  g_clear_pointer (&self->overview, isaf_overview_free);
  self->overview = g_steal_pointer (&overview);
  show_overview (self);
}

static void
load (IsafOverviewPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);
  isaf_overview_load_async (isaf_context_get_database (self->context),
                            isaf_context_get_year (self->context), self->cancellable,
                            on_overview_loaded_cb, self);
}

static void
on_digits_changed_cb (IsafOverviewPage *self)
{
  if (self->overview != NULL)
    show_overview (self);
}

static void
on_data_changed_cb (IsafOverviewPage *self,
                    const char       *table)
{
  /* Every table feeds a count here: reload whatever changed. */
  load (self);
}

static void
on_stage_row_activated_cb (AdwActionRow *row,
                           gpointer      user_data)
{
  const char *page = g_object_get_data (G_OBJECT (row), "isaf-page");

  gtk_widget_activate_action (GTK_WIDGET (row), "win.show-page", "s", page);
}

/* A number above its caption, read out as one group named by the caption. */
static GtkLabel *
add_number (IsafOverviewPage *self,
            const char       *caption)
{
  g_autofree char *segmented = isaf_khmer_segment (caption);
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                 "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", 3,
                                 NULL);
  GtkWidget *value = gtk_label_new ("0");
  GtkWidget *label = gtk_label_new (segmented);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "isaf-number");
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, caption,
                                  -1);

  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (self->numbers_box, box);
  return GTK_LABEL (value);
}

/* One row per stage, in the order of the cycle; loading fills in the counts and statuses. */
static void
add_stage_row (IsafOverviewPage *self,
               IsafStage         stage)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), isaf_stage_get_title (stage));
  adw_action_row_set_subtitle_lines (row, 0);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "isaf-status");
  adw_action_row_add_suffix (row, status);
  adw_action_row_add_suffix (row, arrow);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The window's sidebar names each stage's page after the stage. */
  g_object_set_data (G_OBJECT (row), "isaf-page", (gpointer) isaf_stage_get_name (stage));
  g_signal_connect (row, "activated", G_CALLBACK (on_stage_row_activated_cb), NULL);
  adw_preferences_group_add (self->stages_group, GTK_WIDGET (row));

  self->stage_rows[stage] = row;
  self->status_labels[stage] = GTK_LABEL (status);
}

static void
isaf_overview_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IsafOverviewPage *self = ISAF_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_overview_page_dispose (GObject *object)
{
  IsafOverviewPage *self = ISAF_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_overview_page_parent_class)->dispose (object);
}

static void
isaf_overview_page_finalize (GObject *object)
{
  IsafOverviewPage *self = ISAF_OVERVIEW_PAGE (object);

  g_clear_pointer (&self->overview, isaf_overview_free);
  g_ptr_array_unref (self->warning_rows);

  G_OBJECT_CLASS (isaf_overview_page_parent_class)->finalize (object);
}

static void
isaf_overview_page_class_init (IsafOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = isaf_overview_page_get_property;
  object_class->dispose = isaf_overview_page_dispose;
  object_class->finalize = isaf_overview_page_finalize;

  /**
   * IsafOverviewPage:loading:
   *
   * Whether the counts are being loaded.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafOverviewPage, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, IsafOverviewPage, numbers_box);
  gtk_widget_class_bind_template_child (widget_class, IsafOverviewPage, stages_group);
}

static void
isaf_overview_page_init (IsafOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->warning_rows = g_ptr_array_new ();
  for (guint i = 0; i < N_NUMBERS; i++)
    self->number_labels[i] = add_number (self, _(number_captions[i]));
  for (guint i = 0; i < ISAF_N_STAGES; i++)
    add_stage_row (self, i);
}

/* Shows the cycle of @context's year and follows its changes. */
GtkWidget *
isaf_overview_page_new (IsafContext *context)
{
  IsafOverviewPage *self;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  self = g_object_new (ISAF_TYPE_OVERVIEW_PAGE, NULL);
  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::year", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::digits", G_CALLBACK (on_digits_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "data-changed", G_CALLBACK (on_data_changed_cb), self,
                           G_CONNECT_SWAPPED);
  load (self);
  return GTK_WIDGET (self);
}

const IsafOverview *
isaf_overview_page_get_overview (IsafOverviewPage *self)
{
  g_return_val_if_fail (ISAF_IS_OVERVIEW_PAGE (self), NULL);

  return self->overview;
}

gboolean
isaf_overview_page_get_loading (IsafOverviewPage *self)
{
  g_return_val_if_fail (ISAF_IS_OVERVIEW_PAGE (self), FALSE);

  return self->loading;
}
