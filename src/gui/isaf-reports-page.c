/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-reports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-document-actions.h"
#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-jaapc-meeting.h"
#include "isaf-report-document.h"
#include "isaf-reports-page.h"

/* The Reports page: every report of the year the commune hands on (the JAAP and its CIP list,
 * the committee's monthly report, the semi-annual and annual reports, the scorecard results
 * and the interface comparison), each to open, print or save as a PDF, or to save as a CSV.
 * The documents are the ones isafctl makes (isaf-report-document.c), made on a worker thread
 * and handed to the document actions (isaf-document-actions.c). */

struct _IsafReportsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwComboRow *language_row;
  AdwPreferencesGroup *plan_group;
  AdwPreferencesGroup *monitoring_group;
  AdwPreferencesGroup *voice_group;

  AdwComboRow *month_row;
  AdwComboRow *half_row;
  GtkWidget *monthly_row;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  /* The months with a committee meeting following the year's plan, as year * 100 + month. */
  GArray *months;
  guint generation;
};

G_DEFINE_FINAL_TYPE (IsafReportsPage, isaf_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Making a document ------------------------------------------------------------------------ */

typedef struct {
  IsafReportRequest request;
  char *unit_code;
  IsafDatabase *database;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->unit_code);
  g_clear_object (&job->database);
  g_free (job);
}

static void
make_document_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GBytes *bytes = isaf_report_document_make (job->database, &job->request, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* An IsafDocumentRenderFunc: the report of @data (a Job) away from the main loop. */
static void
make_document (IsafContext         *context,
               gpointer             data,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Job *source = data;
  Job *job = g_new0 (Job, 1);
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  job->request = source->request;
  job->unit_code = g_strdup (source->unit_code);
  job->request.unit_code = job->unit_code;
  job->database = g_object_ref (isaf_context_get_database (context));
  g_task_set_source_tag (task, make_document);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, make_document_thread);
}

static GBytes *
make_document_finish (GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The month a monthly or semi-annual report is of, as chosen. */
static gboolean
get_month (IsafReportsPage *self,
           IsafReportKind   kind,
           int             *year,
           int             *month)
{
  *year = self->year;
  *month = 0;
  if (kind == ISAF_REPORT_SEMIANNUAL)
    *month = adw_combo_row_get_selected (self->half_row) == 0 ? 1 : 7;
  if (kind == ISAF_REPORT_MONTHLY)
    {
      guint selected = adw_combo_row_get_selected (self->month_row);
      int chosen;

      if (self->months == NULL || selected >= self->months->len)
        return FALSE;
      chosen = g_array_index (self->months, int, selected);
      *year = chosen / 100;
      *month = chosen % 100;
    }
  return TRUE;
}

static void
run_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IsafReportsPage *self = ISAF_REPORTS_PAGE (widget);
  int kind, action;
  gboolean csv;
  Job *job;
  g_autofree char *file_name = NULL;
  IsafDocumentInfo info;

  g_variant_get (parameter, "(iib)", &kind, &action, &csv);
  g_return_if_fail (kind >= 0 && kind < ISAF_N_REPORT_KINDS);

  job = g_new0 (Job, 1);
  job->request.kind = kind;
  job->request.csv = csv;
  job->request.language = adw_combo_row_get_selected (self->language_row) == 0
                            ? ISAF_POSTER_LANGUAGE_KHMER : ISAF_POSTER_LANGUAGE_BOTH;
  if (self->year == 0 || !get_month (self, kind, &job->request.year, &job->request.month))
    {
      job_free (job);
      return;
    }

  file_name = isaf_report_document_dup_file_name (&job->request);
  info = (IsafDocumentInfo) {
    .file_name = file_name,
    .media_type = csv ? "text/csv" : "application/pdf",
    .title = isaf_report_kind_get_title (kind),
    .paper_name = GTK_PAPER_NAME_A4,
    .landscape = isaf_report_document_is_landscape (&job->request),
    .saved_message = _("Report saved"),
    .printed_message = _("Report sent to the printer"),
  };
  isaf_document_actions_run (action, GTK_WINDOW (gtk_widget_get_root (widget)), self->context,
                             &info, make_document, make_document_finish, job, job_free);
}

/* The rows --------------------------------------------------------------------------------- */

static void
add_button (GtkWidget          *row,
            IsafReportKind      kind,
            IsafDocumentAction  action,
            gboolean            csv,
            const char         *icon_name,
            const char         *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);
  /* Translators: a button's tooltip: what it does, then which report: "Save as PDF: Monthly
   * Report of the JAAP Committee". */
  g_autofree char *description = g_strdup_printf (_("%1$s: %2$s"), label, isaf_report_kind_get_title (kind));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "reports.run");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(iib)", kind, action, csv);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static GtkWidget *
add_report_row (AdwPreferencesGroup *group,
                IsafReportKind       kind,
                const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), isaf_report_kind_get_title (kind));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  add_button (row, kind, ISAF_DOCUMENT_PREVIEW, FALSE, "document-open-symbolic", _("Open"));
  add_button (row, kind, ISAF_DOCUMENT_PRINT, FALSE, "document-print-symbolic", _("Print"));
  add_button (row, kind, ISAF_DOCUMENT_SAVE, FALSE, "document-save-symbolic", _("Save as PDF"));
  add_button (row, kind, ISAF_DOCUMENT_SAVE, TRUE, "x-office-spreadsheet-symbolic",
              _("Save as CSV"));
  g_object_set_data (G_OBJECT (row), "report-kind", GINT_TO_POINTER (kind));
  adw_preferences_group_add (group, row);
  return row;
}

static AdwComboRow *
add_choice_row (AdwPreferencesGroup *group,
                const char          *title)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static void
build_rows (IsafReportsPage *self)
{
  add_report_row (self->plan_group, ISAF_REPORT_JAAP,
                  _("The official form, landscape, with both groups of actions."));
  add_report_row (self->plan_group, ISAF_REPORT_CIP,
                  _("Group ក, with costs and sources of funds, for the district integration "
                    "workshop."));

  self->month_row = add_choice_row (self->monitoring_group, _("Month of the Committee Meeting"));
  self->monthly_row = add_report_row (self->monitoring_group, ISAF_REPORT_MONTHLY,
                                      _("Who came, where each action stands, what was "
                                        "decided."));
  self->half_row = add_choice_row (self->monitoring_group, _("Half Year"));
  add_report_row (self->monitoring_group, ISAF_REPORT_SEMIANNUAL,
                  _("Actions by status, meetings, participation, CAFs, budget and I4C "
                    "coverage."));
  add_report_row (self->monitoring_group, ISAF_REPORT_ANNUAL,
                  _("The same figures for the whole year."));

  add_report_row (self->voice_group, ISAF_REPORT_SCORECARDS,
                  _("Every scorecard and self-assessment of the year."));
  add_report_row (self->voice_group, ISAF_REPORT_INTERFACE,
                  _("Citizens’ and providers’ scores side by side."));
}

/* The year ---------------------------------------------------------------------------------- */

/* A year as a year is written: in the chosen digits, without a thousands separator. */
static char *
format_year (IsafReportsPage *self,
             int              year)
{
  g_autofree char *text = g_strdup_printf ("%d", year);

  return isaf_context_format_digits (self->context, text);
}

static void
show_halves (IsafReportsPage *self)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GtkStringList) halves = NULL;
  g_autofree char *year = format_year (self, self->year);

  /* Translators: the first half of a year: "January–June 2025". */
  first = g_strdup_printf (_("January–June %s"), year);
  /* Translators: the second half of a year: "July–December 2025". */
  second = g_strdup_printf (_("July–December %s"), year);
  halves = gtk_string_list_new ((const char * const[]) { first, second, NULL });
  adw_combo_row_set_model (self->half_row, G_LIST_MODEL (halves));
}

static void
show_months (IsafReportsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gboolean any = self->months != NULL && self->months->len > 0;

  for (guint i = 0; any && i < self->months->len; i++)
    {
      int chosen = g_array_index (self->months, int, i);
      g_autofree char *year = format_year (self, chosen / 100);
      g_autoptr(GDateTime) day = g_date_time_new_local (chosen / 100, chosen % 100, 1, 0, 0, 0);
      g_autofree char *month = NULL;

      /* The month's name in the interface's language: Khmer names are the project's own. */
      if (isaf_gui_is_khmer_interface ())
        month = g_strdup (isaf_format_month_name_km (chosen % 100));
      else
        month = g_date_time_format (day, "%B");
      gtk_string_list_take (names, g_strdup_printf ("%s %s", month, year));
    }
  if (!any)
    gtk_string_list_append (names, _("No committee meeting recorded"));
  adw_combo_row_set_model (self->month_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->month_row, any ? self->months->len - 1 : 0);
  gtk_widget_set_sensitive (self->monthly_row, any);
}

typedef struct {
  IsafReportsPage *self;
  guint generation;
} LoadData;

static void
on_meetings_listed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafReportsPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) meetings = isaf_jaapc_meeting_list_finish (ISAF_STORE (source), result,
                                                                  &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || data->generation != self->generation)
    return;
  if (meetings == NULL)
    {
      isaf_context_report_error (self->context, error);
      return;
    }

  g_clear_pointer (&self->months, g_array_unref);
  self->months = g_array_new (FALSE, FALSE, sizeof (int));
  /* The meetings come by date: each month once. */
  for (guint i = 0; i < meetings->len; i++)
    {
      IsafJaapcMeeting *meeting = g_ptr_array_index (meetings, i);
      int year, month, day;
      int chosen;

      if (!isaf_parse_iso_date (isaf_record_get_text (meeting->record, "held_on"), &year,
                                &month, &day))
        continue;
      chosen = year * 100 + month;
      if (self->months->len == 0
          || g_array_index (self->months, int, self->months->len - 1) != chosen)
        g_array_append_val (self->months, chosen);
    }
  show_months (self);
}

static void
load (IsafReportsPage *self)
{
  LoadData *data;

  self->year = isaf_context_get_year (self->context);
  self->generation++;
  gtk_stack_set_visible_child_name (self->stack, self->year > 0 ? "reports" : "no-year");
  if (self->year == 0)
    return;

  show_halves (self);
  data = g_new0 (LoadData, 1);
  data->self = self;
  data->generation = self->generation;
  isaf_jaapc_meeting_list_async (isaf_context_get_store (self->context), self->year,
                                 self->cancellable, on_meetings_listed_cb, data);
}

static void
on_data_changed_cb (IsafReportsPage *self,
                    const char      *table)
{
  if (g_str_equal (table, "*") || g_str_equal (table, "cycle")
      || g_str_equal (table, "jaapc_meeting"))
    load (self);
}

/* GObject ----------------------------------------------------------------------------------- */

static void
isaf_reports_page_constructed (GObject *object)
{
  IsafReportsPage *self = ISAF_REPORTS_PAGE (object);

  G_OBJECT_CLASS (isaf_reports_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  build_rows (self);
  load (self);
}

static void
isaf_reports_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IsafReportsPage *self = ISAF_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_reports_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IsafReportsPage *self = ISAF_REPORTS_PAGE (object);

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
isaf_reports_page_dispose (GObject *object)
{
  IsafReportsPage *self = ISAF_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* The stack is both the bin's child and a template child: the bin lets go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_REPORTS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_reports_page_parent_class)->dispose (object);
}

static void
isaf_reports_page_finalize (GObject *object)
{
  IsafReportsPage *self = ISAF_REPORTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->months, g_array_unref);

  G_OBJECT_CLASS (isaf_reports_page_parent_class)->finalize (object);
}

static void
isaf_reports_page_class_init (IsafReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_reports_page_constructed;
  object_class->get_property = isaf_reports_page_get_property;
  object_class->set_property = isaf_reports_page_set_property;
  object_class->dispose = isaf_reports_page_dispose;
  object_class->finalize = isaf_reports_page_finalize;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafReportsPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, IsafReportsPage, plan_group);
  gtk_widget_class_bind_template_child (widget_class, IsafReportsPage, monitoring_group);
  gtk_widget_class_bind_template_child (widget_class, IsafReportsPage, voice_group);

  /* (kind, IsafDocumentAction, csv) */
  gtk_widget_class_install_action (widget_class, "reports.run", "(iib)", run_activated);
}

static void
isaf_reports_page_init (IsafReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* Khmer and English unless the commune chooses otherwise, like the posters. */
  adw_combo_row_set_selected (self->language_row, 1);
}

GtkWidget *
isaf_reports_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_REPORTS_PAGE, "context", context, NULL);
}
