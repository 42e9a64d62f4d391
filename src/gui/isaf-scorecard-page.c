/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-gui-util.h"
#include "isaf-overview.h"
#include "isaf-row-text.h"
#include "isaf-scorecard-editor.h"
#include "isaf-scorecard-page.h"
#include "isaf-scorecard.h"
#include "isaf-store.h"
#include "isaf-undo-toast.h"

/* Stages 4 and 5 of the cycle: the community scorecards (kind "csc") or the self-assessments
 * ("ssa") of the year shown, grouped by service unit, each with its date, status, voters and
 * a one-line result. The commune office's community scorecards are held village by village,
 * so its group lists every village, reached or not; any other unit without a scorecard yet
 * says so. A scorecard is recorded, or opened again, in an IsafScorecardEditor. */

#define GUIDES_RESOURCE "/kh/gov/ncdd/IsafCommune/isaf-stage-guides.ui"

typedef enum {
  LOAD_VILLAGES,
  LOAD_CAFS,
  LOAD_UNITS,
  LOAD_SCORECARDS,
  N_LOADS
} Load;

static const char * const registry_tables[] = { "village", "caf", "service_unit" };

/* The order units are listed in: the commune's own office first, as on the paper forms. */
static const char * const unit_kinds[] = {
  "commune_office", "health_centre", "health_post", "primary_school",
};

/* What differs between the two pages. */
typedef struct {
  const char *kind;
  const char *guide_id;
  const char *add_label;
  const char *add_tooltip;
  const char *none_yet;
  const char *unit_none_yet;
} KindTexts;

static const KindTexts kind_texts[] = {
  {
    "csc", "scorecard",
    N_("_New Scorecard"),
    N_("Record a community scorecard (Ctrl+N)"),
    N_("No community scorecard is recorded for this cycle yet. Record one for each service "
       "unit, and for the commune office one in each village, with Record beside it."),
    N_("No community scorecard yet"),
  },
  {
    "ssa", "self_assessment",
    N_("_New Self-Assessment"),
    N_("Record a self-assessment (Ctrl+N)"),
    N_("No self-assessment is recorded for this cycle yet. Record one for each service unit, "
       "with Record beside it."),
    N_("No self-assessment yet"),
  },
};

struct _IsafScorecardPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *empty_page;
  AdwPreferencesPage *list_page;
  AdwButtonContent *add_content;
  GtkWidget *add_button;
  GtkLabel *summary_label;
  GtkLevelBar *done_bar;
  GtkLabel *detail_label;
  AdwExpanderRow *guide_row;

  IsafContext *context;
  const KindTexts *texts;
  GCancellable *cancellable;
  int year;
  /* What the page shows, from the last load that completed. */
  GPtrArray *villages;
  GPtrArray *cafs;
  GPtrArray *units;
  /* The year's scorecards of this page's kind. */
  GPtrArray *scorecards;
  /* The groups of the units, as shown. */
  GPtrArray *unit_groups;
  /* The load under way: its number, and what has come back so far. */
  guint generation;
  guint n_pending;
  gpointer loaded[N_LOADS];
  gboolean load_failed;
  guint reload_id;
  /* Whether the guide's rows are made: on its first opening. */
  gboolean guide_loaded;
};

G_DEFINE_FINAL_TYPE (IsafScorecardPage, isaf_scorecard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_KIND,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void open_editor (IsafScorecardPage *self,
                         IsafScorecard     *scorecard,
                         const IsafUuid    *unit_id,
                         const IsafUuid    *village_id);

static char *
format_count (IsafScorecardPage *self,
              gint64             count)
{
  return isaf_context_format_integer (self->context, count);
}

static char *
format_score (IsafScorecardPage *self,
              double             score)
{
  g_autofree char *ascii = g_strdup_printf ("%.1f", score);

  return isaf_context_format_digits (self->context, ascii);
}

static gboolean
is_community (IsafScorecardPage *self)
{
  return g_str_equal (self->texts->kind, "csc");
}

static gboolean
is_per_village (IsafScorecardPage *self,
                IsafRecord        *unit)
{
  return is_community (self)
         && g_strcmp0 (isaf_record_get_text (unit, "kind"), "commune_office") == 0;
}

static gboolean
is_done (IsafScorecard *scorecard)
{
  return g_strcmp0 (isaf_record_get_text (scorecard->record, "status"), "done") == 0;
}

static gboolean
reference_is (IsafRecord     *record,
              const char     *column,
              const IsafUuid *id)
{
  const IsafUuid *reference = isaf_record_get_reference (record, column);

  return reference != NULL && id != NULL && isaf_uuid_equal (reference, id);
}

static const char *
find_village_code (IsafScorecardPage *self,
                   const IsafUuid    *id)
{
  for (guint i = 0; id != NULL && self->villages != NULL && i < self->villages->len; i++)
    {
      IsafRecord *village = g_ptr_array_index (self->villages, i);

      if (isaf_uuid_equal (isaf_record_get_id (village), id))
        return isaf_record_get_text (village, "code");
    }
  return NULL;
}

/* Text --------------------------------------------------------------------------------- */

/* "6 indicators scored; lowest median 2.5, “…”": what the meeting thought worst. */
static char *
describe_result (IsafScorecardPage *self,
                 IsafScorecard     *scorecard)
{
  IsafScorecardIndicator *lowest = NULL;
  double lowest_median = 0;
  guint n_scored = 0;
  g_autofree char *count = NULL;
  g_autofree char *median = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);
      IsafVoteCounts votes;
      double value;

      if (!isaf_record_get_boolean (indicator->record, "is_selected"))
        continue;
      isaf_scorecard_indicator_get_votes (scorecard, indicator, &votes);
      if (!isaf_vote_counts_get_median (&votes, &value))
        continue;
      n_scored++;
      if (lowest == NULL || value < lowest_median)
        {
          lowest = indicator;
          lowest_median = value;
        }
    }

  if (lowest == NULL)
    return g_strdup (_("No votes yet"));

  count = format_count (self, n_scored);
  median = format_score (self, lowest_median);
  name = g_strdup (isaf_record_get_text (lowest->record, "name_km"));
  /* Translators: the result of a scorecard on one line: how many indicators were scored,
   * then the lowest median and the indicator that had it. */
  return g_strdup_printf (ngettext ("%1$s indicator scored; lowest median %2$s, “%3$s”",
                                    "%1$s indicators scored; lowest median %2$s, “%3$s”",
                                    n_scored),
                          count, median, name);
}

static GtkWidget *
create_status (const char *text,
               const char *style)
{
  GtkWidget *status = gtk_label_new (text);

  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "isaf-status");
  gtk_widget_add_css_class (status, style);
  return status;
}

/* The title and the subtitle go before the row's suffixes, where its own would be, but in an
 * IsafRowText: the row's own, a box of GtkLabels, lay their text out some twenty times over
 * each time the row is allocated (GTK 4.8), and a year has dozens of rows. The row is named
 * and described by them. */
static void
set_row_text (AdwActionRow *row,
              const char   *title,
              const char   *subtitle)
{
  adw_action_row_add_prefix (row, isaf_row_text_new (title, subtitle));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  if (subtitle != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    subtitle, -1);
}

static GtkWidget *
create_record_button (IsafScorecardPage *self,
                      const char        *tooltip,
                      const IsafUuid    *unit_id,
                      const IsafUuid    *village_id);

/* Rows ----------------------------------------------------------------------------------- */

static void on_scorecard_activated_cb (AdwActionRow      *row,
                                       IsafScorecardPage *self);
static void on_delete_clicked_cb      (GtkButton         *button,
                                       IsafScorecardPage *self);

/* The delete button's tooltip is given when asked for: gtk_widget_set_tooltip_text() asks the
 * display where the pointer is, a round trip to the X server for each of a year's rows. */
static gboolean
on_delete_query_tooltip_cb (GtkWidget  *delete,
                            int         x,
                            int         y,
                            gboolean    keyboard,
                            GtkTooltip *tooltip,
                            gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (delete), "isaf-tooltip"));
  return TRUE;
}

static GtkWidget *
create_scorecard_row (IsafScorecardPage *self,
                      IsafScorecard     *scorecard,
                      const char        *village_code)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gint64 voters = isaf_scorecard_count_voters (scorecard);
  g_autofree char *date = isaf_gui_format_date (self->context,
                                                isaf_record_get_text (scorecard->record,
                                                                      "held_on"));
  g_autofree char *voters_text = format_count (self, voters);
  g_autofree char *people = g_strdup_printf (ngettext ("%s voter", "%s voters", voters),
                                             voters_text);
  g_autofree char *result = describe_result (self, scorecard);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;

  if (village_code != NULL)
    {
      title = isaf_gui_dup_village_label (village_code);
      subtitle = g_strdup_printf ("%s · %s\n%s", date, people, result);
    }
  else
    {
      title = g_strdup (date);
      subtitle = g_strdup_printf ("%s\n%s", people, result);
    }
  set_row_text (ADW_ACTION_ROW (row), title, subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "isaf-scorecard", scorecard);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_scorecard_activated_cb), self, 0);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             is_done (scorecard) ? create_status (_("Done"), "done")
                                                 : create_status (_("Draft"), "in-progress"));

  /* Translators: the tooltip of the button that deletes a scorecard: its title. */
  label = g_strdup_printf (_("Delete “%s”"), title);
  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_has_tooltip (delete, TRUE);
  g_object_set_data_full (G_OBJECT (delete), "isaf-tooltip", g_steal_pointer (&label), g_free);
  g_signal_connect (delete, "query-tooltip", G_CALLBACK (on_delete_query_tooltip_cb), NULL);
  gtk_widget_add_css_class (delete, "flat");
  g_object_set_data (G_OBJECT (delete), "isaf-scorecard", scorecard);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (on_delete_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
  return row;
}

static void
on_record_clicked_cb (GtkButton         *button,
                      IsafScorecardPage *self)
{
  open_editor (self, NULL, g_object_get_data (G_OBJECT (button), "isaf-unit-id"),
               g_object_get_data (G_OBJECT (button), "isaf-village-id"));
}

static GtkWidget *
create_record_button (IsafScorecardPage *self,
                      const char        *tooltip,
                      const IsafUuid    *unit_id,
                      const IsafUuid    *village_id)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Record"));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "isaf-unit-id",
                          g_memdup2 (unit_id, sizeof (IsafUuid)), g_free);
  if (village_id != NULL)
    g_object_set_data_full (G_OBJECT (button), "isaf-village-id",
                            g_memdup2 (village_id, sizeof (IsafUuid)), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_record_clicked_cb), self, 0);
  return button;
}

/* A unit, or a village of the commune office, with nothing recorded yet. */
static GtkWidget *
create_not_done_row (IsafScorecardPage *self,
                     const char        *title,
                     const char        *tooltip,
                     const IsafUuid    *unit_id,
                     const IsafUuid    *village_id)
{
  GtkWidget *row = adw_action_row_new ();

  /* Its Record button does the work: the row itself opens nothing. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  set_row_text (ADW_ACTION_ROW (row), title, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_status (_("Not done"), "not-started"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             create_record_button (self, tooltip, unit_id, village_id));
  return row;
}

/* Groups --------------------------------------------------------------------------------- */

static guint
fill_villages (IsafScorecardPage   *self,
               AdwPreferencesGroup *group,
               IsafRecord          *unit,
               GPtrArray           *scorecards)
{
  const IsafUuid *unit_id = isaf_record_get_id (unit);
  guint n_done = 0;

  for (guint v = 0; v < self->villages->len; v++)
    {
      IsafRecord *village = g_ptr_array_index (self->villages, v);
      const char *code = isaf_record_get_text (village, "code");
      gboolean any = FALSE, done = FALSE;

      for (guint i = 0; i < scorecards->len; i++)
        {
          IsafScorecard *scorecard = g_ptr_array_index (scorecards, i);

          if (!reference_is (scorecard->record, "village_id", isaf_record_get_id (village)))
            continue;
          any = TRUE;
          done = done || is_done (scorecard);
          adw_preferences_group_add (group, create_scorecard_row (self, scorecard, code));
        }
      if (done)
        n_done++;
      if (!any)
        {
          g_autofree char *name = isaf_gui_dup_village_label (code);
          g_autofree char *tooltip = g_strdup_printf (_("Record the scorecard in %s"), name);

          adw_preferences_group_add (group,
                                     create_not_done_row (self, name, tooltip, unit_id,
                                                          isaf_record_get_id (village)));
        }
    }

  /* Held in a village no longer in the list: still shown, with its code. */
  for (guint i = 0; i < scorecards->len; i++)
    {
      IsafScorecard *scorecard = g_ptr_array_index (scorecards, i);
      const IsafUuid *village_id = isaf_record_get_reference (scorecard->record, "village_id");

      if (find_village_code (self, village_id) == NULL)
        adw_preferences_group_add (group, create_scorecard_row (self, scorecard, NULL));
    }
  return n_done;
}

static void
add_unit_group (IsafScorecardPage *self,
                IsafRecord        *unit)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const IsafUuid *unit_id = isaf_record_get_id (unit);
  const char *name = isaf_record_get_text (unit, "name_km");
  const char *name_en = isaf_record_get_text (unit, "name_en");
  const char *kind = isaf_record_get_text (unit, "kind");
  g_autoptr(GPtrArray) scorecards = g_ptr_array_new ();
  g_autofree char *title = isaf_gui_dup_row_text (name);
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;
  /* Translators: the tooltip of Record beside a service unit. */
  g_autofree char *tooltip = g_strdup_printf (is_community (self)
                                              ? _("Record a community scorecard for %s")
                                              : _("Record a self-assessment for %s"),
                                              name);
  GtkWidget *add;

  for (guint i = 0; i < self->scorecards->len; i++)
    {
      IsafScorecard *scorecard = g_ptr_array_index (self->scorecards, i);

      if (reference_is (scorecard->record, "service_unit_id", unit_id))
        g_ptr_array_add (scorecards, scorecard);
    }

  adw_preferences_group_set_title (group, title);
  description = name_en != NULL ? g_strdup_printf ("%s · %s", isaf_choice_get_label (kind),
                                                    name_en)
                                : g_strdup (isaf_choice_get_label (kind));

  if (is_per_village (self, unit))
    {
      guint n_done = fill_villages (self, group, unit, scorecards);
      g_autofree char *ascii = g_strdup_printf (_("%u of %u villages done"), n_done,
                                                self->villages->len);
      g_autofree char *villages = isaf_context_format_digits (self->context, ascii);
      g_autofree char *full = g_strdup_printf ("%s\n%s", description, villages);

      g_free (description);
      description = g_steal_pointer (&full);
    }
  else
    {
      for (guint i = 0; i < scorecards->len; i++)
        adw_preferences_group_add (group, create_scorecard_row (self,
                                                                g_ptr_array_index (scorecards, i),
                                                                NULL));
      if (scorecards->len == 0)
        adw_preferences_group_add (group,
                                   create_not_done_row (self, _(self->texts->unit_none_yet),
                                                        tooltip, unit_id, NULL));
    }

  escaped = isaf_gui_dup_row_text (description);
  adw_preferences_group_set_description (group, escaped);
  add = create_record_button (self, tooltip, unit_id, NULL);
  adw_preferences_group_set_header_suffix (group, add);

  adw_preferences_page_add (self->list_page, group);
  g_ptr_array_add (self->unit_groups, group);
}

static void
show_summary (IsafScorecardPage *self)
{
  guint n_done = 0, n_drafts = 0, n_finished = 0;
  g_autofree char *summary = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *detail = NULL;

  for (guint u = 0; u < self->units->len; u++)
    {
      const IsafUuid *unit_id = isaf_record_get_id (g_ptr_array_index (self->units, u));

      for (guint i = 0; i < self->scorecards->len; i++)
        {
          IsafScorecard *scorecard = g_ptr_array_index (self->scorecards, i);

          if (reference_is (scorecard->record, "service_unit_id", unit_id) && is_done (scorecard))
            {
              n_done++;
              break;
            }
        }
    }
  for (guint i = 0; i < self->scorecards->len; i++)
    {
      if (is_done (g_ptr_array_index (self->scorecards, i)))
        n_finished++;
      else
        n_drafts++;
    }

  summary = g_strdup_printf (_("%u of %u service units done"), n_done, self->units->len);
  shown = isaf_context_format_digits (self->context, summary);
  isaf_gui_set_wrapping_text (self->summary_label, shown);
  gtk_level_bar_set_value (self->done_bar,
                           self->units->len > 0 ? (double) n_done / self->units->len : 0);

  if (self->scorecards->len == 0)
    {
      detail = g_strdup (_(self->texts->none_yet));
    }
  else
    {
      g_autofree char *finished = format_count (self, n_finished);
      g_autofree char *drafts = format_count (self, n_drafts);

      /* Translators: how many scorecards of the year are finished, and how many are drafts. */
      detail = g_strdup_printf (ngettext ("%1$s finished, %2$s draft",
                                          "%1$s finished, %2$s drafts", n_drafts),
                                finished, drafts);
    }
  isaf_gui_set_wrapping_text (self->detail_label, detail);
}

static int
unit_kind_rank (IsafRecord *unit)
{
  for (guint i = 0; i < G_N_ELEMENTS (unit_kinds); i++)
    if (g_strcmp0 (isaf_record_get_text (unit, "kind"), unit_kinds[i]) == 0)
      return i;
  return G_N_ELEMENTS (unit_kinds);
}

static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  IsafRecord *unit_a = *(IsafRecord **) a;
  IsafRecord *unit_b = *(IsafRecord **) b;
  int rank = unit_kind_rank (unit_a) - unit_kind_rank (unit_b);

  return rank != 0 ? rank : g_strcmp0 (isaf_record_get_text (unit_a, "code"),
                                       isaf_record_get_text (unit_b, "code"));
}

static int
compare_village_codes (gconstpointer a,
                       gconstpointer b)
{
  return g_strcmp0 (isaf_record_get_text (*(IsafRecord **) a, "code"),
                    isaf_record_get_text (*(IsafRecord **) b, "code"));
}

static void
show_empty (IsafScorecardPage *self,
            const char        *title,
            const char        *description)
{
  g_autofree char *escaped = isaf_gui_dup_row_text (description);

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
show_scorecards (IsafScorecardPage *self)
{
  for (guint i = 0; i < self->unit_groups->len; i++)
    adw_preferences_page_remove (self->list_page, g_ptr_array_index (self->unit_groups, i));
  g_ptr_array_set_size (self->unit_groups, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scorecard-page.add",
                                 self->year > 0 && self->units != NULL && self->units->len > 0);

  if (self->year == 0)
    {
      show_empty (self, _("No cycle year is chosen"),
                  _("Choose the cycle year in the header to see its scorecards."));
      return;
    }
  if (self->units == NULL || self->units->len == 0)
    {
      show_empty (self, _("No Service Units Yet"),
                  _("Register the commune office, the health centres and the schools on the "
                    "Commune page first: each holds its own scorecard."));
      return;
    }

  show_summary (self);
  for (guint u = 0; u < self->units->len; u++)
    add_unit_group (self, g_ptr_array_index (self->units, u));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/* Loading -------------------------------------------------------------------------------- */

static void
set_n_pending (IsafScorecardPage *self,
               guint              n_pending)
{
  gboolean was_loading = self->n_pending > 0;

  self->n_pending = n_pending;
  if (was_loading != (n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
free_loaded (gpointer value)
{
  if (value != NULL)
    g_ptr_array_unref (value);
}

/* Everything that came back from one load, shown at once. */
static void
finish_load (IsafScorecardPage *self)
{
  GPtrArray *all;

  if (self->load_failed)
    {
      for (Load load = 0; load < N_LOADS; load++)
        g_clear_pointer (&self->loaded[load], free_loaded);
      return;
    }

  g_clear_pointer (&self->villages, g_ptr_array_unref);
  g_clear_pointer (&self->cafs, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->scorecards, g_ptr_array_unref);
  self->villages = g_steal_pointer (&self->loaded[LOAD_VILLAGES]);
  self->cafs = g_steal_pointer (&self->loaded[LOAD_CAFS]);
  self->units = g_steal_pointer (&self->loaded[LOAD_UNITS]);
  all = g_steal_pointer (&self->loaded[LOAD_SCORECARDS]);

  /* The year's list holds both kinds: this page keeps its own. */
  self->scorecards = g_ptr_array_new_with_free_func ((GDestroyNotify) isaf_scorecard_unref);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      IsafScorecard *scorecard = g_ptr_array_index (all, i);

      if (g_strcmp0 (isaf_record_get_text (scorecard->record, "kind"), self->texts->kind) == 0)
        g_ptr_array_add (self->scorecards, isaf_scorecard_ref (scorecard));
    }
  g_clear_pointer (&all, g_ptr_array_unref);

  g_ptr_array_sort (self->villages, compare_village_codes);
  g_ptr_array_sort (self->units, compare_units);
  show_scorecards (self);
}

typedef struct {
  IsafScorecardPage *self;
  Load load;
  guint generation;
} LoadData;

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafScorecardPage *self = data->self;
  IsafStore *store = ISAF_STORE (source);
  g_autoptr(GError) error = NULL;
  GPtrArray *value;

  if (data->load == LOAD_SCORECARDS)
    value = isaf_scorecard_list_finish (store, result, &error);
  else
    value = isaf_store_list_finish (store, result, &error);

  /* Cancelled: the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* An answer to a load that a newer one replaced. */
  if (data->generation != self->generation)
    {
      free_loaded (value);
      return;
    }

  if (value == NULL)
    {
      if (!self->load_failed)
        isaf_context_report_error (self->context, error);
      self->load_failed = TRUE;
    }
  else
    {
      self->loaded[data->load] = value;
    }

  if (self->n_pending == 1)
    finish_load (self);
  set_n_pending (self, self->n_pending - 1);
}

static void
start_load (IsafScorecardPage *self,
            Load               load)
{
  IsafStore *store = isaf_context_get_store (self->context);
  LoadData *data = g_new0 (LoadData, 1);

  data->self = self;
  data->load = load;
  data->generation = self->generation;

  if (load == LOAD_SCORECARDS)
    isaf_scorecard_list_async (store, self->year, self->cancellable, on_loaded_cb, data);
  else
    isaf_store_list_async (store, registry_tables[load], NULL, NULL, self->cancellable,
                           on_loaded_cb, data);
}

static void
load (IsafScorecardPage *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);

  for (Load load = 0; load < N_LOADS; load++)
    g_clear_pointer (&self->loaded[load], free_loaded);
  self->generation++;
  self->load_failed = FALSE;
  self->year = isaf_context_get_year (self->context);

  /* Without a year there are no scorecards to read, only the registries. */
  if (self->year == 0)
    {
      self->loaded[LOAD_SCORECARDS] = g_ptr_array_new ();
      set_n_pending (self, LOAD_UNITS + 1);
      for (Load load = LOAD_VILLAGES; load <= LOAD_UNITS; load++)
        start_load (self, load);
      return;
    }

  set_n_pending (self, N_LOADS);
  for (Load load = 0; load < N_LOADS; load++)
    start_load (self, load);
}

static gboolean
reload_cb (gpointer user_data)
{
  IsafScorecardPage *self = user_data;

  self->reload_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A save announces several tables one after the other: they are read again once. */
static void
on_data_changed_cb (IsafScorecardPage *self,
                    const char        *table)
{
  gboolean ours = g_str_equal (table, "*") || g_str_equal (table, "cycle");

  for (guint i = 0; i < G_N_ELEMENTS (isaf_scorecard_tables); i++)
    ours = ours || g_str_equal (table, isaf_scorecard_tables[i]);
  for (guint i = 0; i < G_N_ELEMENTS (registry_tables); i++)
    ours = ours || g_str_equal (table, registry_tables[i]);

  if (ours && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
}

/* Editing and deleting ------------------------------------------------------------------- */

static void
open_editor (IsafScorecardPage *self,
             IsafScorecard     *scorecard,
             const IsafUuid    *unit_id,
             const IsafUuid    *village_id)
{
  IsafScorecardEditor *editor;

  if (self->year == 0 || self->units == NULL)
    return;
  editor = isaf_scorecard_editor_new (self->context, GTK_WIDGET (self), self->texts->kind,
                                      scorecard ? scorecard->year : self->year, self->units,
                                      self->villages, self->cafs, scorecard, unit_id,
                                      village_id);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_scorecard_activated_cb (AdwActionRow      *row,
                           IsafScorecardPage *self)
{
  open_editor (self, g_object_get_data (G_OBJECT (row), "isaf-scorecard"), NULL, NULL);
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_editor (ISAF_SCORECARD_PAGE (widget), NULL, NULL, NULL);
}

static void
announce_scorecard_tables (IsafContext *context,
                           const char  *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (isaf_scorecard_tables); i++)
    isaf_context_data_changed (context, isaf_scorecard_tables[i]);
}

typedef struct {
  IsafScorecardPage *self;
  char *title;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_free (data->title);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  IsafScorecardPage *self = data->self;
  g_autoptr(GError) error = NULL;
  IsafDeletion *deletion = NULL;

  if (!isaf_store_delete_finish (ISAF_STORE (source), result, &deletion, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        isaf_context_report_error (self->context, error);
      return;
    }

  announce_scorecard_tables (self->context, NULL);
  isaf_context_add_toast (self->context,
                          isaf_undo_toast_new (self->context, data->title, deletion,
                                               announce_scorecard_tables, NULL));
}

static const char *
find_unit_name (IsafScorecardPage *self,
                const IsafUuid    *id)
{
  for (guint i = 0; id != NULL && self->units != NULL && i < self->units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (self->units, i);

      if (isaf_uuid_equal (isaf_record_get_id (unit), id))
        return isaf_record_get_text (unit, "name_km");
    }
  return NULL;
}

static void
on_delete_clicked_cb (GtkButton         *button,
                      IsafScorecardPage *self)
{
  IsafScorecard *scorecard = g_object_get_data (G_OBJECT (button), "isaf-scorecard");
  IsafRecord *record = scorecard->record;
  DeleteData *data = g_new0 (DeleteData, 1);
  const char *unit = find_unit_name (self, isaf_record_get_reference (record, "service_unit_id"));
  g_autofree char *date = isaf_gui_format_date (self->context,
                                                isaf_record_get_text (record, "held_on"));

  data->self = self;
  /* Translators: a toast after deleting: the service unit, then the date. */
  data->title = g_strdup_printf (is_community (self) ? _("Scorecard of %1$s on %2$s deleted")
                                                     : _("Self-assessment of %1$s on %2$s deleted"),
                                 unit ? unit : "", date ? date : "");
  isaf_store_delete_async (isaf_context_get_store (self->context), "scorecard",
                           isaf_record_get_id (record), self->cancellable, on_deleted_cb, data);
}

static void
on_digits_changed_cb (IsafScorecardPage *self)
{
  if (self->n_pending == 0)
    show_scorecards (self);
}

/* The stage's short guide, from the guides data file the stage pages share, under the
 * titles the stage pages give it. Read when first opened: folded, it is not seen, and its
 * paragraphs of Khmer would only be laid out for nothing while the year's results are. */
static void
load_guide (IsafScorecardPage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (GUIDES_RESOURCE);
  GtkStringList *texts = GTK_STRING_LIST (gtk_builder_get_object (builder,
                                                                  self->texts->guide_id));
  const char *titles[] = { _("What happens"), _("Who takes part"), _("What to record") };

  g_return_if_fail (texts != NULL);
  g_return_if_fail (g_list_model_get_n_items (G_LIST_MODEL (texts)) == G_N_ELEMENTS (titles));

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *row = adw_action_row_new ();

      set_row_text (ADW_ACTION_ROW (row), titles[i], gtk_string_list_get_string (texts, i));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      adw_expander_row_add_row (self->guide_row, row);
    }
}

static void
on_guide_expanded_cb (IsafScorecardPage *self)
{
  if (!adw_expander_row_get_expanded (self->guide_row) || self->guide_loaded)
    return;
  self->guide_loaded = TRUE;
  load_guide (self);
}

/* GObject -------------------------------------------------------------------------------- */

static void
isaf_scorecard_page_constructed (GObject *object)
{
  IsafScorecardPage *self = ISAF_SCORECARD_PAGE (object);
  const char *title = g_str_equal (self->texts->kind, "csc")
                      ? isaf_stage_get_title (ISAF_STAGE_SCORECARD)
                      : isaf_stage_get_title (ISAF_STAGE_SELF_ASSESSMENT);

  G_OBJECT_CLASS (isaf_scorecard_page_parent_class)->constructed (object);

  adw_button_content_set_label (self->add_content, _(self->texts->add_label));
  gtk_widget_set_tooltip_text (self->add_button, _(self->texts->add_tooltip));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_signal_connect_object (self->guide_row, "notify::expanded",
                           G_CALLBACK (on_guide_expanded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  load (self);
}

static void
isaf_scorecard_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IsafScorecardPage *self = ISAF_SCORECARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->texts->kind);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_scorecard_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  IsafScorecardPage *self = ISAF_SCORECARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_KIND:
      for (guint i = 0; i < G_N_ELEMENTS (kind_texts); i++)
        if (g_strcmp0 (kind_texts[i].kind, g_value_get_string (value)) == 0)
          self->texts = &kind_texts[i];
      g_return_if_fail (self->texts != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_scorecard_page_dispose (GObject *object)
{
  IsafScorecardPage *self = ISAF_SCORECARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_SCORECARD_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_scorecard_page_parent_class)->dispose (object);
}

static void
isaf_scorecard_page_finalize (GObject *object)
{
  IsafScorecardPage *self = ISAF_SCORECARD_PAGE (object);

  for (Load load = 0; load < N_LOADS; load++)
    free_loaded (self->loaded[load]);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->villages, g_ptr_array_unref);
  g_clear_pointer (&self->cafs, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->scorecards, g_ptr_array_unref);
  g_ptr_array_unref (self->unit_groups);

  G_OBJECT_CLASS (isaf_scorecard_page_parent_class)->finalize (object);
}

static void
isaf_scorecard_page_class_init (IsafScorecardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_scorecard_page_constructed;
  object_class->get_property = isaf_scorecard_page_get_property;
  object_class->set_property = isaf_scorecard_page_set_property;
  object_class->dispose = isaf_scorecard_page_dispose;
  object_class->finalize = isaf_scorecard_page_finalize;

  /**
   * IsafScorecardPage:context:
   *
   * The window's context: the store, the year shown, where to report.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafScorecardPage:kind:
   *
   * "csc" for the community scorecards, "ssa" for the self-assessments.
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "csc",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafScorecardPage:loading:
   *
   * Whether the year's scorecards are still being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/kh/gov/ncdd/IsafCommune/isaf-scorecard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, list_page);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, add_content);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, done_bar);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, IsafScorecardPage, guide_row);

  gtk_widget_class_install_action (widget_class, "scorecard-page.add", NULL, add_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "scorecard-page.add", NULL);
}

static void
isaf_scorecard_page_init (IsafScorecardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->unit_groups = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scorecard-page.add", FALSE);
}

/* Public API ----------------------------------------------------------------------------- */

/**
 * isaf_scorecard_page_new:
 * @context: the window's context
 * @kind: "csc" (Community scorecards) or "ssa" (Self-assessment)
 *
 * Returns: (transfer floating): the page for the context's year, reading it
 */
GtkWidget *
isaf_scorecard_page_new (IsafContext *context,
                         const char  *kind)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (g_strcmp0 (kind, "csc") == 0 || g_strcmp0 (kind, "ssa") == 0, NULL);

  return g_object_new (ISAF_TYPE_SCORECARD_PAGE, "context", context, "kind", kind, NULL);
}

const char *
isaf_scorecard_page_get_kind (IsafScorecardPage *self)
{
  g_return_val_if_fail (ISAF_IS_SCORECARD_PAGE (self), NULL);

  return self->texts->kind;
}

gboolean
isaf_scorecard_page_get_loading (IsafScorecardPage *self)
{
  g_return_val_if_fail (ISAF_IS_SCORECARD_PAGE (self), FALSE);

  return self->n_pending > 0;
}
