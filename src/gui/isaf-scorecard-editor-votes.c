/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-gui-util.h"
#include "isaf-scorecard-editor-private.h"

/* The Votes tab: every vote typed per participant into the vote grid (IsafVoteGrid), as the
 * paper sheet reads; or, when only the counts were kept, how many participants gave each
 * score to each indicator, under the faces and labels of the paper score card. The tab is
 * built again when it comes forward after participants or indicators changed. */

#define TAB ISAF_SCORECARD_TAB_VOTES

/* The columns of the tally. */
#define COLUMN_NAME 0
#define COLUMN_FIRST_SCORE 1
#define COLUMN_TOTAL (COLUMN_FIRST_SCORE + ISAF_N_SCORES)

static gboolean
any_selected (IsafScorecardEditor *self)
{
  for (guint i = 0; i < self->scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (self->scorecard->indicators, i);

      if (isaf_record_get_boolean (indicator->record, "is_selected"))
        return TRUE;
    }
  return FALSE;
}

/* The tally ------------------------------------------------------------------------------ */

static void
show_total (IsafScorecardEditor    *self,
            IsafScorecardIndicator *indicator,
            GtkLabel               *label)
{
  gint64 total = isaf_vote_counts_get_total (&indicator->tally);
  g_autofree char *text = isaf_context_format_integer (self->context, total);

  gtk_label_set_label (label, text);
  /* More votes than voters: the core will refuse it; it shows already. */
  if (total > isaf_scorecard_count_voters (self->scorecard))
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
on_count_changed_cb (GtkEditable         *entry,
                     IsafScorecardEditor *self)
{
  IsafScorecardIndicator *indicator = g_object_get_data (G_OBJECT (entry), "isaf-indicator");
  int score = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "isaf-score"));
  GtkLabel *total = g_object_get_data (G_OBJECT (entry), "isaf-total");
  gint64 count;

  if (!isaf_scorecard_editor_read_number (self, TAB, GTK_WIDGET (entry),
                                          isaf_scorecard_editor_column ("scorecard_vote_tally",
                                                                        "count"),
                                          &count))
    return;
  indicator->tally.counts[score - ISAF_SCORE_MIN] = MAX (count, 0);
  show_total (self, indicator, total);
  isaf_scorecard_editor_changed (self);
}

static GtkWidget *
create_score_header (IsafScorecardEditor *self,
                     int                  score)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *face = gtk_image_new_from_icon_name (isaf_score_get_face_icon (score));
  g_autofree char *digit = isaf_context_format_integer (self->context, score);
  GtkWidget *number = gtk_label_new (digit);
  GtkWidget *label = isaf_scorecard_editor_create_header (isaf_score_get_label (score));

  gtk_image_set_icon_size (GTK_IMAGE (face), GTK_ICON_SIZE_LARGE);
  gtk_widget_add_css_class (number, "heading");
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0.5);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), face);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_valign (box, GTK_ALIGN_END);
  return box;
}

static void
add_tally_row (IsafScorecardEditor    *self,
               IsafScorecardIndicator *indicator,
               int                     row)
{
  GtkGrid *grid = self->votes.tally;
  const char *name = isaf_scorecard_editor_indicator_name (indicator);
  GtkWidget *name_label = isaf_scorecard_editor_create_wrapping_label (name);
  GtkWidget *total = gtk_label_new (NULL);

  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_label_set_width_chars (GTK_LABEL (name_label), 12);
  gtk_grid_attach (grid, name_label, COLUMN_NAME, row, 1, 1);

  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    {
      gint64 count = indicator->tally.counts[score - ISAF_SCORE_MIN];
      g_autofree char *digit = isaf_context_format_integer (self->context, score);
      /* Translators: what a screen reader says for a count of the votes tally: the score and
       * its label, then the indicator. */
      g_autofree char *label = g_strdup_printf (_("Votes %1$s, %2$s: %3$s"), digit,
                                                isaf_score_get_label (score), name);
      GtkWidget *entry = isaf_scorecard_editor_create_number_entry (self, label,
                                                                    count > 0 ? count : -1);

      gtk_widget_set_halign (entry, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (entry), "isaf-indicator", indicator);
      g_object_set_data (G_OBJECT (entry), "isaf-score", GINT_TO_POINTER (score));
      g_object_set_data (G_OBJECT (entry), "isaf-total", total);
      g_signal_connect (entry, "changed", G_CALLBACK (on_count_changed_cb), self);
      gtk_grid_attach (grid, entry, COLUMN_FIRST_SCORE + score - ISAF_SCORE_MIN, row, 1, 1);
    }

  gtk_widget_add_css_class (total, "numeric");
  gtk_widget_add_css_class (total, "heading");
  gtk_label_set_xalign (GTK_LABEL (total), 1.0);
  gtk_grid_attach (grid, total, COLUMN_TOTAL, row, 1, 1);
  show_total (self, indicator, GTK_LABEL (total));
}

static void
fill_tally (IsafScorecardEditor *self)
{
  GtkGrid *grid = self->votes.tally;
  GtkWidget *child;
  int row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    {
      g_signal_handlers_disconnect_by_data (child, self);
      gtk_grid_remove (grid, child);
    }

  gtk_grid_attach (grid, isaf_scorecard_editor_create_header (_("Indicator")), COLUMN_NAME, 0,
                   1, 1);
  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    gtk_grid_attach (grid, create_score_header (self, score),
                     COLUMN_FIRST_SCORE + score - ISAF_SCORE_MIN, 0, 1, 1);
  gtk_grid_attach (grid, isaf_scorecard_editor_create_header (_("Votes")), COLUMN_TOTAL, 0, 1, 1);

  for (guint i = 0; i < self->scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (self->scorecard->indicators, i);

      if (isaf_record_get_boolean (indicator->record, "is_selected"))
        add_tally_row (self, indicator, row++);
    }
}

/* Which way ------------------------------------------------------------------------------ */

static void
show_mode_text (IsafScorecardEditor *self)
{
  IsafScorecard *scorecard = self->scorecard;
  const char *text;

  if (!scorecard->participants_one_by_one)
    text = _("The participants were counted on a tally sheet, so their votes are counted per "
             "indicator too: enter how many gave each score.");
  else if (scorecard->votes_one_by_one)
    text = _("Type each participant’s scores from the paper sheet: a digit from 1 to 5 fills "
             "the cell and moves on; 0 or Delete empties it. Anonymous participants do not "
             "vote.");
  else
    text = _("Enter how many participants gave each score to each indicator.");
  isaf_gui_set_wrapping_text (self->votes.mode_label, text);
}

/* Votes typed no longer block Save once the tally they were in is put away. */
static void
forget_tally_errors (IsafScorecardEditor *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->votes.tally));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_ENTRY (child))
      isaf_scorecard_editor_set_invalid (self, TAB, child, NULL);
}

void
isaf_scorecard_editor_refresh_votes (IsafScorecardEditor *self)
{
  IsafScorecardVotes *votes = &self->votes;
  IsafScorecard *scorecard = self->scorecard;
  const char *page;

  show_mode_text (self);
  if (!any_selected (self))
    {
      adw_status_page_set_title (votes->empty, _("No Indicator Selected"));
      adw_status_page_set_description (votes->empty,
                                       _("Select the indicators the meeting scored on the "
                                         "Indicators tab."));
      page = "empty";
    }
  else if (scorecard->votes_one_by_one && isaf_scorecard_count_voters (scorecard) == 0)
    {
      adw_status_page_set_title (votes->empty, _("Nobody to Vote"));
      adw_status_page_set_description (votes->empty,
                                       _("List the participants on the Participants tab: "
                                         "anonymous participants do not vote."));
      page = "empty";
    }
  else
    {
      page = scorecard->votes_one_by_one ? "grid" : "tally";
    }

  if (votes->stale || !g_str_equal (page, gtk_stack_get_visible_child_name (votes->stack)))
    {
      if (g_str_equal (page, "grid"))
        {
          isaf_vote_grid_set_digits (votes->grid, isaf_context_get_digits (self->context));
          isaf_vote_grid_set_scorecard (votes->grid, scorecard);
        }
      else if (g_str_equal (page, "tally"))
        {
          fill_tally (self);
        }
      votes->stale = FALSE;
    }
  gtk_stack_set_visible_child_name (votes->stack, page);
}

void
isaf_scorecard_editor_show_vote_mode (IsafScorecardEditor *self)
{
  IsafScorecardVotes *votes = &self->votes;
  IsafScorecard *scorecard = self->scorecard;

  g_signal_handlers_block_matched (votes->grid_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  g_signal_handlers_block_matched (votes->tally_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (scorecard->votes_one_by_one
                                                   ? votes->grid_button : votes->tally_button),
                                TRUE);
  g_signal_handlers_unblock_matched (votes->grid_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  g_signal_handlers_unblock_matched (votes->tally_button, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  gtk_widget_set_sensitive (votes->grid_button, scorecard->participants_one_by_one);
  votes->stale = TRUE;
  show_mode_text (self);
}

/* The grid's votes become counts, except where the grid has none and counts were typed
 * before: switching back and forth loses nothing. */
void
isaf_scorecard_editor_votes_to_tally (IsafScorecardEditor *self)
{
  IsafScorecard *scorecard = self->scorecard;

  if (!scorecard->votes_one_by_one)
    return;
  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);
      IsafVoteCounts votes;

      isaf_scorecard_indicator_get_votes (scorecard, indicator, &votes);
      if (isaf_vote_counts_get_total (&votes) > 0)
        indicator->tally = votes;
    }
  scorecard->votes_one_by_one = FALSE;
  self->votes.stale = TRUE;
}

static void
on_mode_toggled_cb (GtkToggleButton     *button,
                    IsafScorecardEditor *self)
{
  gboolean one_by_one = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->votes.grid_button));

  if (!gtk_toggle_button_get_active (button) || one_by_one == self->scorecard->votes_one_by_one)
    return;

  if (one_by_one)
    {
      forget_tally_errors (self);
      self->scorecard->votes_one_by_one = TRUE;
      self->votes.stale = TRUE;
    }
  else
    {
      isaf_scorecard_editor_votes_to_tally (self);
    }
  isaf_scorecard_editor_refresh_votes (self);
  isaf_scorecard_editor_changed (self);
}

static void
on_grid_changed_cb (IsafScorecardEditor *self)
{
  isaf_scorecard_editor_changed (self);
}

GtkWidget *
isaf_scorecard_editor_build_votes (IsafScorecardEditor *self)
{
  IsafScorecardVotes *votes = &self->votes;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *modes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *mode_label = isaf_scorecard_editor_create_wrapping_label (NULL);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *grid = isaf_vote_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *tally = gtk_grid_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *message_box = gtk_list_box_new ();
  GtkWidget *message_row = isaf_gui_create_message_row (&self->tab_messages[TAB]);

  votes->grid_button = gtk_toggle_button_new_with_mnemonic (_("_Each Participant’s Votes"));
  votes->tally_button = gtk_toggle_button_new_with_mnemonic (_("_Counted per Indicator"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (votes->tally_button),
                               GTK_TOGGLE_BUTTON (votes->grid_button));
  g_signal_connect (votes->grid_button, "toggled", G_CALLBACK (on_mode_toggled_cb), self);
  g_signal_connect (votes->tally_button, "toggled", G_CALLBACK (on_mode_toggled_cb), self);
  gtk_box_append (GTK_BOX (modes), votes->grid_button);
  gtk_box_append (GTK_BOX (modes), votes->tally_button);
  gtk_widget_add_css_class (modes, "linked");
  gtk_widget_set_valign (modes, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (modes), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How the votes were recorded"), -1);
  gtk_widget_set_hexpand (mode_label, TRUE);
  gtk_widget_add_css_class (mode_label, "dim-label");
  gtk_box_append (GTK_BOX (top), modes);
  gtk_box_append (GTK_BOX (top), mode_label);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 6);
  votes->mode_label = GTK_LABEL (mode_label);

  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  g_signal_connect_swapped (grid, "changed", G_CALLBACK (on_grid_changed_cb), self);
  votes->grid = ISAF_VOTE_GRID (grid);

  gtk_grid_set_column_spacing (GTK_GRID (tally), 12);
  gtk_grid_set_row_spacing (GTK_GRID (tally), 9);
  gtk_widget_set_margin_top (tally, 12);
  gtk_widget_set_margin_bottom (tally, 12);
  gtk_widget_set_margin_start (tally, 12);
  gtk_widget_set_margin_end (tally, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), tally);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  votes->tally = GTK_GRID (tally);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "view-grid-symbolic");
  votes->empty = ADW_STATUS_PAGE (empty);

  gtk_stack_add_named (GTK_STACK (stack), grid, "grid");
  gtk_stack_add_named (GTK_STACK (stack), scrolled, "tally");
  gtk_stack_add_named (GTK_STACK (stack), empty, "empty");
  gtk_widget_set_vexpand (stack, TRUE);
  votes->stack = GTK_STACK (stack);

  gtk_widget_add_css_class (message_box, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (message_box), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (message_box), message_row);
  gtk_widget_set_margin_start (message_box, 12);
  gtk_widget_set_margin_end (message_box, 12);
  gtk_widget_set_margin_bottom (message_box, 12);
  g_object_bind_property (message_row, "visible", message_box, "visible", G_BINDING_SYNC_CREATE);
  self->tab_message_rows[TAB] = message_row;

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), stack);
  gtk_box_append (GTK_BOX (box), message_box);

  /* Built when the tab first comes forward. */
  isaf_scorecard_editor_show_vote_mode (self);
  return box;
}
