/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-presentation-window"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-gazetteer.h"
#include "isaf-gui-util.h"
#include "isaf-presentation-window-private.h"
#include "isaf-schema.h"

/* The pieces every slide is made of (a slide with its title, wrapping labels, a status shown
 * by a word beside a colour chip, never by the colour alone), the opening slide, the slide
 * that says why there is nothing to show, and one slide per action of the plan with every
 * field of the template that is filled, its status history and its last progress. Sizes and
 * colours come from the style sheet's classes under .isaf-presentation, never from here. */

/* Pieces ------------------------------------------------------------------------------------ */

GtkWidget *
isaf_presentation_label_new (const char *text,
                             const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
set_slide_title (GtkWidget  *slide,
                 GtkLabel   *heading,
                 const char *title)
{
  isaf_gui_set_wrapping_text (heading, title);
  g_object_set_data_full (G_OBJECT (slide), "isaf-slide-title", g_strdup (title), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (slide), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
}

/* A slide: @title at the top, then what the caller adds. @kind is its CSS class
 * (isaf-presentation-table, -action, …), for the style sheet and for tests. */
GtkWidget *
isaf_presentation_slide_new (const char *title,
                             const char *kind)
{
  GtkWidget *slide = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget *heading = isaf_presentation_label_new (NULL, "isaf-presentation-title");

  gtk_widget_add_css_class (slide, "isaf-presentation-slide");
  gtk_widget_add_css_class (slide, kind);
  gtk_box_append (GTK_BOX (slide), heading);
  set_slide_title (slide, GTK_LABEL (heading), title);
  return slide;
}

void
isaf_presentation_slide_set_title (GtkWidget  *slide,
                                   const char *title)
{
  set_slide_title (slide, GTK_LABEL (gtk_widget_get_first_child (slide)), title);
}

const char *
isaf_presentation_slide_get_title (GtkWidget *slide)
{
  return g_object_get_data (G_OBJECT (slide), "isaf-slide-title");
}

/* The status as a word beside a chip of its colour, and "Overdue" with a warning sign under
 * it: a washed-out projector or a colour-blind member still reads both. */
GtkWidget *
isaf_presentation_status_new (IsafJaapStatus status,
                              gboolean       overdue)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *chip = g_object_new (GTK_TYPE_BOX,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  "valign", GTK_ALIGN_CENTER,
                                  NULL);
  const char *word = isaf_jaap_status_get_label (status);
  g_autofree char *spoken = NULL;

  gtk_widget_add_css_class (chip, "isaf-presentation-chip");
  gtk_widget_add_css_class (chip, isaf_jaap_status_to_string (status));
  gtk_box_append (GTK_BOX (line), chip);
  gtk_box_append (GTK_BOX (line), isaf_presentation_label_new (word,
                                                               "isaf-presentation-status-word"));
  gtk_box_append (GTK_BOX (box), line);

  if (overdue)
    {
      GtkWidget *flag = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *sign = g_object_new (GTK_TYPE_IMAGE,
                                      "icon-name", "dialog-warning-symbolic",
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                      "valign", GTK_ALIGN_CENTER,
                                      NULL);
      GtkWidget *flag_word = isaf_presentation_label_new (_("Overdue"),
                                                          "isaf-presentation-overdue-word");

      gtk_widget_add_css_class (flag, "isaf-presentation-overdue");
      gtk_box_append (GTK_BOX (flag), sign);
      gtk_box_append (GTK_BOX (flag), flag_word);
      gtk_box_append (GTK_BOX (box), flag);
      /* Translators: what a screen reader says for an action's status when it is overdue:
       * "Ongoing, overdue". */
      spoken = g_strdup_printf (_("%s, overdue"), word);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  spoken != NULL ? spoken : word, -1);
  return box;
}

/* "ក.2.1": the group's letter before the number, since both groups count from 1. */
char *
isaf_presentation_window_format_number (IsafPresentationWindow *self,
                                        const IsafJaapEntry    *entry)
{
  const char *letter = isaf_jaap_group_letter (isaf_record_get_text (entry->action,
                                                                     "action_group"));
  g_autofree char *path = isaf_jaap_entry_format_path (entry,
                                                       isaf_context_get_digits (self->context));

  return letter != NULL ? g_strdup_printf ("%s.%s", letter, path) : g_steal_pointer (&path);
}

static char *
format_date (IsafPresentationWindow *self,
             const char             *iso)
{
  return isaf_gui_format_date (self->context, iso);
}

static char *
format_riel (IsafPresentationWindow *self,
             gint64                  amount)
{
  return isaf_format_riel (amount, isaf_context_get_digits (self->context));
}

/* The opening slide and the messages ------------------------------------------------------ */

GtkWidget *
isaf_presentation_window_build_opening (IsafPresentationWindow *self)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autofree char *code = isaf_context_dup_commune_code (self->context);
  const IsafGazetteerEntry *commune = isaf_gazetteer_lookup (gazetteer, code);
  const IsafGazetteerEntry *district = commune ? isaf_gazetteer_get_parent (gazetteer, commune)
                                               : NULL;
  const IsafGazetteerEntry *province = district ? isaf_gazetteer_get_parent (gazetteer, district)
                                                : NULL;
  g_autofree char *year = isaf_presentation_window_format_year (self);
  /* Translators: the title of the opening slide; %s is the year of the cycle. */
  g_autofree char *title = g_strdup_printf (_("Joint Accountability Action Plan %s"), year);
  g_autofree char *name = commune ? g_strconcat (commune->unit_km, commune->name_km, NULL)
                                  : g_strdup (code);
  g_autofree char *today = format_date (self, self->today);
  GtkWidget *slide = isaf_presentation_slide_new (title, "isaf-presentation-opening");
  GtkWidget *commune_label = isaf_presentation_label_new (name, "isaf-presentation-display");
  static const char * const groups[] = { "ka", "kha" };
  GtkWidget *hint;

  gtk_widget_set_valign (slide, GTK_ALIGN_CENTER);
  gtk_box_prepend (GTK_BOX (slide), commune_label);
  if (commune != NULL && district != NULL && province != NULL)
    {
      g_autofree char *place = g_strdup_printf ("%s, %s, %s", commune->name_latin,
                                                district->name_latin, province->name_latin);

      gtk_box_insert_child_after (GTK_BOX (slide),
                                  isaf_presentation_label_new (place, "isaf-presentation-note"),
                                  commune_label);
    }
  gtk_box_append (GTK_BOX (slide), isaf_presentation_label_new (today, "isaf-presentation-lead"));

  /* The numbers of the actions start with their group's letter: what each means. */
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *legend = g_strdup_printf (_("%1$s: %2$s"),
                                                 isaf_jaap_group_letter (groups[i]),
                                                 isaf_jaap_group_title (groups[i]));
      GtkWidget *label = isaf_presentation_label_new (legend, "isaf-presentation-note");

      if (i == 0)
        gtk_widget_set_margin_top (label, 24);
      gtk_box_append (GTK_BOX (slide), label);
    }

  hint = isaf_presentation_label_new (_("Next slide: → or Page Down. Previous slide: ← or Page "
                                        "Up. Leave: Esc."),
                                      "isaf-presentation-note");
  gtk_widget_set_margin_top (hint, 24);
  gtk_box_append (GTK_BOX (slide), hint);
  isaf_presentation_window_add_slide (self, slide);
  return slide;
}

/* A slide that says why there is nothing else to show, and what to do. */
GtkWidget *
isaf_presentation_window_build_message (IsafPresentationWindow *self,
                                        const char             *title,
                                        const char             *text)
{
  GtkWidget *slide = isaf_presentation_slide_new (title, "isaf-presentation-message");

  gtk_widget_set_valign (slide, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (slide), isaf_presentation_label_new (text, "isaf-presentation-lead"));
  isaf_presentation_window_add_slide (self, slide);
  return slide;
}

/* One slide per action ------------------------------------------------------------------ */

static const char *
get_column_label (IsafRecord *record,
                  const char *column)
{
  return _(isaf_schema_find_column (isaf_record_get_table (record), column)->label);
}

static gboolean
is_filled (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static GtkWidget *
create_facts_box (void)
{
  return gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
}

/* "Proposer: គណៈកម្មាធិការ…", the field's name in bold: one label that wraps like a sentence,
 * so that a long name takes no column of its own. Nothing when the value is empty. */
static void
add_fact (GtkWidget  *box,
          const char *name,
          const char *value)
{
  g_autofree char *name_text = NULL;
  g_autofree char *value_text = NULL;
  g_autofree char *bold = NULL;
  g_autofree char *markup = NULL;
  GtkWidget *label;

  if (!is_filled (value))
    return;

  name_text = isaf_gui_dup_row_text (name);
  value_text = isaf_gui_dup_row_text (value);
  bold = g_strdup_printf ("<b>%s</b>", name_text);
  /* Translators: a field and its value on a slide, "Proposer: …"; also a line of an action's
   * status history, "15 July 2025: Ongoing", and a group of the plan, "ក: Actions that …". */
  markup = g_strdup_printf (_("%1$s: %2$s"), bold, value_text);
  label = isaf_presentation_label_new (NULL, "isaf-presentation-fact");
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_box_append (GTK_BOX (box), label);
}

static void
add_text_fact (GtkWidget  *facts,
               IsafRecord *record,
               const char *column)
{
  add_fact (facts, get_column_label (record, column), isaf_record_get_text (record, column));
}

static void
add_riel_fact (IsafPresentationWindow *self,
               GtkWidget              *facts,
               IsafRecord             *record,
               const char             *column)
{
  g_autofree char *amount = NULL;

  if (isaf_record_is_null (record, column))
    return;
  amount = format_riel (self, isaf_record_get_integer (record, column));
  add_fact (facts, get_column_label (record, column), amount);
}

static char *
dup_quantity_text (IsafPresentationWindow *self,
                   IsafRecord             *action)
{
  g_autofree char *ascii = NULL;
  g_autofree char *number = NULL;
  const char *unit = isaf_record_get_text (action, "quantity_unit");

  if (isaf_record_is_null (action, "quantity"))
    return NULL;
  ascii = g_strdup_printf ("%g", isaf_record_get_real (action, "quantity"));
  number = isaf_context_format_digits (self->context, ascii);
  return is_filled (unit) ? g_strdup_printf ("%s %s", number, unit) : g_steal_pointer (&number);
}

static char *
dup_dates_text (IsafPresentationWindow *self,
                IsafRecord             *action)
{
  g_autofree char *start = format_date (self, isaf_record_get_text (action, "start_on"));
  g_autofree char *end = format_date (self, isaf_record_get_text (action, "end_on"));

  if (start != NULL && end != NULL)
    /* Translators: an action's dates, from its start to its end. */
    return g_strdup_printf (_("%1$s to %2$s"), start, end);
  return g_strdup (start != NULL ? start : end);
}

static char *
dup_beneficiaries_text (IsafPresentationWindow *self,
                        IsafRecord             *action)
{
  g_autofree char *total = NULL;
  g_autofree char *female = NULL;

  if (isaf_record_is_null (action, "beneficiaries_total"))
    return NULL;
  total = isaf_context_format_integer (self->context,
                                       isaf_record_get_integer (action, "beneficiaries_total"));
  if (isaf_record_is_null (action, "beneficiaries_female"))
    return g_steal_pointer (&total);
  female = isaf_context_format_integer (self->context,
                                        isaf_record_get_integer (action, "beneficiaries_female"));
  /* Translators: the beneficiaries of an action: "1,200, of whom 640 women". */
  return g_strdup_printf (_("%1$s, of whom %2$s women"), total, female);
}

static const char *
pick_name (const char *name_km,
           const char *name_en)
{
  return is_filled (name_km) ? name_km : name_en;
}

/* What the action is and who does it where and when: the template's fields that are filled,
 * in its order. */
static GtkWidget *
create_action_facts (IsafPresentationWindow *self,
                     const IsafJaapEntry    *entry)
{
  IsafRecord *action = entry->action;
  GtkWidget *facts = create_facts_box ();
  g_autofree char *quantity = dup_quantity_text (self, action);
  g_autofree char *dates = dup_dates_text (self, action);
  g_autofree char *beneficiaries = dup_beneficiaries_text (self, action);

  add_text_fact (facts, action, "proposer");
  add_text_fact (facts, action, "target_issue");
  add_text_fact (facts, action, "location");
  add_fact (facts, get_column_label (action, "quantity"), quantity);
  add_fact (facts, _("Dates"), dates);
  add_fact (facts, get_column_label (action, "beneficiaries_total"), beneficiaries);
  add_text_fact (facts, action, "implementer");
  add_fact (facts, get_column_label (action, "service_unit_id"),
            pick_name (entry->unit_name_km, entry->unit_name_en));
  add_fact (facts, get_column_label (action, "scorecard_indicator_id"),
            pick_name (entry->indicator_name_km, entry->indicator_name_en));
  return facts;
}

/* The template's money fields, beside the status: what the committee follows. */
static GtkWidget *
create_action_costs (IsafPresentationWindow *self,
                     const IsafJaapEntry    *entry)
{
  IsafRecord *action = entry->action;
  GtkWidget *facts = create_facts_box ();
  const char *fund_source = isaf_record_get_text (action, "fund_source");

  add_riel_fact (self, facts, action, "estimated_cost_riel");
  add_riel_fact (self, facts, action, "actual_cost_riel");
  add_fact (facts, get_column_label (action, "fund_source"),
            is_filled (fund_source) ? isaf_choice_get_label (fund_source) : NULL);
  return facts;
}

static GtkWidget *
create_history (IsafPresentationWindow *self,
                const IsafJaapEntry    *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_box_append (GTK_BOX (box), isaf_presentation_label_new (_("Status history"),
                                                              "isaf-presentation-field"));
  for (guint i = 0; i < entry->history->len; i++)
    {
      IsafRecord *change = g_ptr_array_index (entry->history, i);
      int status = isaf_jaap_status_from_string (isaf_record_get_text (change, "status"));
      g_autofree char *date = format_date (self, isaf_record_get_text (change, "changed_on"));
      const char *note = isaf_record_get_text (change, "note");
      const char *word = isaf_jaap_status_get_label (status < 0 ? ISAF_JAAP_STATUS_NOT_STARTED
                                                                : (IsafJaapStatus) status);
      g_autofree char *line = g_strdup_printf (_("%1$s: %2$s"), date, word);
      g_autofree char *text = is_filled (note) ? g_strdup_printf ("%s (%s)", line, note)
                                               : g_steal_pointer (&line);

      gtk_box_append (GTK_BOX (box), isaf_presentation_label_new (text, NULL));
    }
  if (entry->history->len == 0)
    gtk_box_append (GTK_BOX (box), isaf_presentation_label_new (_("No change of status recorded"),
                                                                NULL));
  return box;
}

static GtkWidget *
create_last_progress (IsafPresentationWindow *self,
                      const IsafJaapEntry    *entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  IsafRecord *progress = entry->last_progress;
  g_autofree char *date = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *facts;
  int status;

  if (progress == NULL)
    {
      gtk_box_append (GTK_BOX (box),
                      isaf_presentation_label_new (_("Not reviewed at a JAAPC meeting yet"),
                                                   "isaf-presentation-field"));
      return box;
    }

  date = format_date (self, entry->last_progress_on);
  /* Translators: above the progress of an action; %s is the date of the meeting. */
  heading = g_strdup_printf (_("Progress at the JAAPC meeting of %s"), date);
  gtk_box_append (GTK_BOX (box), isaf_presentation_label_new (heading, "isaf-presentation-field"));

  facts = create_facts_box ();
  /* The status it found, when the action has moved on since: otherwise it is the one above. */
  status = isaf_jaap_status_from_string (isaf_record_get_text (progress, "status"));
  if (status >= 0 && (IsafJaapStatus) status != isaf_jaap_entry_get_status (entry))
    add_fact (facts, get_column_label (progress, "status"), isaf_jaap_status_get_label (status));
  add_text_fact (facts, progress, "note");
  add_riel_fact (self, facts, progress, "cost_spent_riel");
  gtk_box_append (GTK_BOX (box), facts);
  return box;
}

/* The action's number as the title, its activity under it; then what it is on the left, and
 * how it stands on the right: status, money, history, last progress. */
static GtkWidget *
create_action_slide (IsafPresentationWindow *self,
                     const IsafJaapEntry    *entry)
{
  IsafRecord *action = entry->action;
  g_autofree char *number = isaf_presentation_window_format_number (self, entry);
  /* Translators: the title of an action's slide; %s is its number in the plan, "ក.2.1". */
  g_autofree char *title = g_strdup_printf (_("Action %s"), number);
  GtkWidget *slide = isaf_presentation_slide_new (title, "isaf-presentation-action");
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 40);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *costs = create_action_costs (self, entry);

  gtk_box_append (GTK_BOX (slide),
                  isaf_presentation_label_new (isaf_record_get_text (action, "activity"),
                                               "isaf-presentation-lead"));

  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  gtk_box_append (GTK_BOX (columns), create_action_facts (self, entry));
  gtk_box_append (GTK_BOX (side),
                  isaf_presentation_status_new (isaf_jaap_entry_get_status (entry),
                                                isaf_jaap_entry_is_overdue (entry, self->today)));
  gtk_widget_set_visible (costs, gtk_widget_get_first_child (costs) != NULL);
  gtk_box_append (GTK_BOX (side), costs);
  gtk_box_append (GTK_BOX (side), create_history (self, entry));
  gtk_box_append (GTK_BOX (side), create_last_progress (self, entry));
  gtk_box_append (GTK_BOX (columns), side);
  gtk_box_append (GTK_BOX (slide), columns);
  return slide;
}

void
isaf_presentation_window_build_actions (IsafPresentationWindow *self)
{
  for (guint i = 0; i < self->jaap->entries->len; i++)
    {
      GtkWidget *slide = create_action_slide (self, g_ptr_array_index (self->jaap->entries, i));

      isaf_presentation_window_add_slide (self, slide);
      g_ptr_array_add (self->later_slides, slide);
    }
}
