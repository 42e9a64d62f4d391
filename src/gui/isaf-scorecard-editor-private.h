/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "isaf-dissemination.h"
#include "isaf-record-form.h"
#include "isaf-schema.h"
#include "isaf-scorecard-editor.h"
#include "isaf-vote-grid.h"

G_BEGIN_DECLS

/* Shared by the files of IsafScorecardEditor, one per tab: isaf-scorecard-editor.c (the
 * window, saving, what is typed wrong), -details.c, -participants.c, -indicators.c, -votes.c,
 * -notes.c and -results.c. Every tab edits the same IsafScorecard in place, the editor's own
 * copy of the one it was opened with, which the core saves whole. */

typedef enum {
  ISAF_SCORECARD_TAB_DETAILS,
  ISAF_SCORECARD_TAB_PARTICIPANTS,
  ISAF_SCORECARD_TAB_INDICATORS,
  ISAF_SCORECARD_TAB_VOTES,
  ISAF_SCORECARD_TAB_NOTES,
  ISAF_SCORECARD_TAB_RESULTS,
  ISAF_SCORECARD_N_TABS
} IsafScorecardTab;

/* The meeting: unit, village, date, place, facilitators, status. */
typedef struct {
  IsafRecordForm *form;
  GtkWidget *unit_row;
  GtkWidget *village_row;
  GtkWidget *village_message_row;
  /* The units the unit choice offers, in its order (IsafUuid). */
  GArray *unit_ids;
  /* The other facilitators' check list: caf ids (IsafUuid) and their GtkCheckButton. */
  GArray *caf_ids;
  GPtrArray *caf_checks;
  GtkWidget *status_row;
} IsafScorecardDetails;

/* Who took part: one by one in a table, or counted on a tally sheet. */
typedef struct {
  GtkWidget *one_by_one_button;
  GtkWidget *tally_button;
  GtkWidget *list_group;
  GtkGrid *grid;
  GtkWidget *add_button;
  GtkWidget *tally_group;
  GtkWidget *tally_entries[ISAF_N_ATTENDANCE];
  GtkLabel *voters_label;
} IsafScorecardParticipants;

/* What was scored: the scorecard's indicators, the national set to add from, citizens' own. */
typedef struct {
  GtkGrid *grid;
  GtkWidget *empty_label;
  AdwPreferencesGroup *standard_group;
  /* The rows of the national set shown (AdwActionRow), with their IsafIndicator. */
  GPtrArray *standard_rows;
  /* The set of the unit's kind, as read (IsafIndicator), and that kind. */
  GPtrArray *reference;
  char *reference_kind;
  GtkWidget *add_all_button;
  GtkWidget *own_row;
} IsafScorecardIndicators;

/* The votes: typed per participant into the grid, or counted per indicator. */
typedef struct {
  GtkWidget *grid_button;
  GtkWidget *tally_button;
  GtkLabel *mode_label;
  GtkStack *stack;
  IsafVoteGrid *grid;
  GtkGrid *tally;
  AdwStatusPage *empty;
  gboolean stale;
} IsafScorecardVotes;

/* Strengths, weaknesses and suggested actions of each indicator scored. */
typedef struct {
  AdwPreferencesPage *page;
  GPtrArray *groups;
  /* IsafScorecardIndicator → its suggestions' GtkTextView. */
  GHashTable *suggestion_views;
  gboolean stale;
} IsafScorecardNotes;

/* Median, average and the spread of the votes of each indicator scored. */
typedef struct {
  AdwPreferencesPage *page;
  GtkLabel *summary_label;
  GPtrArray *groups;
} IsafScorecardResults;

struct _IsafScorecardEditor
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget *save_button;
  GtkWidget *done_button;
  AdwViewStack *stack;
  GtkWidget *message_bar;
  GtkLabel *message_label;
  /* Under each tab: what is typed wrong in it, as the core says. */
  GtkWidget *tab_message_rows[ISAF_SCORECARD_N_TABS];
  GtkLabel *tab_messages[ISAF_SCORECARD_N_TABS];

  IsafContext *context;
  GCancellable *cancellable;
  char *commune_code;
  const char *kind;
  /* The editor's own copy: Cancel leaves the page's as it was. */
  IsafScorecard *scorecard;
  GPtrArray *units;
  GPtrArray *villages;
  GPtrArray *cafs;
  /* GtkWidget → Invalid: every field whose text the core refuses; Save waits for none. */
  GHashTable *invalid;
  /* "draft" or "done": what Save writes. */
  char *status;
  gboolean building;
  gboolean dirty;
  gboolean saving;
  gboolean marking_done;
  /* Weak: where the keyboard was when Save was pressed, to go back to if it fails. */
  GtkWidget *focus_before_save;

  IsafScorecardDetails details;
  IsafScorecardParticipants participants;
  IsafScorecardIndicators indicators;
  IsafScorecardVotes votes;
  IsafScorecardNotes notes;
  IsafScorecardResults results;
};

/* isaf-scorecard-editor.c */
void                 isaf_scorecard_editor_changed            (IsafScorecardEditor *self);
/* Participants or indicators came or went, or were (un)selected: the votes and notes tabs
 * are built again when next shown. */
void                 isaf_scorecard_editor_structure_changed  (IsafScorecardEditor *self);
void                 isaf_scorecard_editor_set_invalid        (IsafScorecardEditor *self,
                                                               IsafScorecardTab     tab,
                                                               GtkWidget           *widget,
                                                               const char          *message);
AdwPreferencesGroup *isaf_scorecard_editor_add_group          (AdwPreferencesPage  *page,
                                                               const char          *title,
                                                               const char          *description);
/* A row under a group's rows for the tab's messages. */
void                 isaf_scorecard_editor_add_tab_message    (IsafScorecardEditor *self,
                                                               IsafScorecardTab     tab,
                                                               AdwPreferencesGroup *group);
GtkWidget           *isaf_scorecard_editor_create_number_entry (IsafScorecardEditor *self,
                                                               const char          *label,
                                                               gint64               value);
/* The whole number in @entry checked against @column as the core checks it: TRUE with
 * *@value (-1 when empty), or FALSE with the core's sentence shown under the tab. */
gboolean             isaf_scorecard_editor_read_number        (IsafScorecardEditor *self,
                                                               IsafScorecardTab     tab,
                                                               GtkWidget           *entry,
                                                               const IsafColumn    *column,
                                                               gint64              *value);
const IsafColumn    *isaf_scorecard_editor_column             (const char          *table,
                                                               const char          *column);
GtkWidget           *isaf_scorecard_editor_create_header      (const char          *text);
GtkWidget           *isaf_scorecard_editor_create_wrapping_label (const char       *text);
const char          *isaf_scorecard_editor_indicator_name     (IsafScorecardIndicator *indicator);
gboolean             isaf_scorecard_editor_is_per_village     (IsafScorecardEditor *self);

/* isaf-scorecard-editor-details.c */
void                 isaf_scorecard_editor_build_details      (IsafScorecardEditor *self,
                                                               AdwPreferencesPage  *page,
                                                               const IsafUuid      *unit_id,
                                                               const IsafUuid      *village_id);
gboolean             isaf_scorecard_editor_details_valid      (IsafScorecardEditor *self);
IsafRecord          *isaf_scorecard_editor_build_record       (IsafScorecardEditor *self);
IsafRecord          *isaf_scorecard_editor_get_unit           (IsafScorecardEditor *self);
void                 isaf_scorecard_editor_show_status        (IsafScorecardEditor *self);
void                 isaf_scorecard_editor_clear_details      (IsafScorecardEditor *self);

/* isaf-scorecard-editor-participants.c */
void                 isaf_scorecard_editor_build_participants (IsafScorecardEditor *self,
                                                               AdwPreferencesPage  *page);
void                 isaf_scorecard_editor_clear_participants (IsafScorecardEditor *self);

/* isaf-scorecard-editor-indicators.c */
void                 isaf_scorecard_editor_build_indicators   (IsafScorecardEditor *self,
                                                               AdwPreferencesPage  *page);
/* The unit changed: its kind's national set is offered. */
void                 isaf_scorecard_editor_unit_changed       (IsafScorecardEditor *self);
void                 isaf_scorecard_editor_clear_indicators   (IsafScorecardEditor *self);

/* isaf-scorecard-editor-votes.c */
GtkWidget           *isaf_scorecard_editor_build_votes        (IsafScorecardEditor *self);
void                 isaf_scorecard_editor_refresh_votes      (IsafScorecardEditor *self);
/* Votes counted per indicator from now on (the participants are on a tally sheet). */
void                 isaf_scorecard_editor_votes_to_tally     (IsafScorecardEditor *self);
void                 isaf_scorecard_editor_show_vote_mode     (IsafScorecardEditor *self);

/* isaf-scorecard-editor-notes.c */
void                 isaf_scorecard_editor_build_notes        (IsafScorecardEditor *self,
                                                               AdwPreferencesPage  *page);
void                 isaf_scorecard_editor_refresh_notes      (IsafScorecardEditor *self);
/* Shows and focuses the suggestions of the first indicator scored without one. */
void                 isaf_scorecard_editor_focus_suggestion   (IsafScorecardEditor *self);
void                 isaf_scorecard_editor_clear_notes        (IsafScorecardEditor *self);

/* isaf-scorecard-editor-results.c */
void                 isaf_scorecard_editor_build_results      (IsafScorecardEditor *self,
                                                               AdwPreferencesPage  *page);
void                 isaf_scorecard_editor_refresh_results    (IsafScorecardEditor *self);

G_END_DECLS
