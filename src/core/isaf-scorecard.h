/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-database.h"
#include "isaf-dissemination.h"
#include "isaf-record.h"
#include "isaf-store.h"
#include "isaf-vote-counts.h"

G_BEGIN_DECLS

#define ISAF_SCORECARD_ERROR (isaf_scorecard_error_quark ())

/* The rules of a scorecard that span rows, each refused with its own message. Single fields
 * (a score outside 1–5, a negative count, a missing date) are ISAF_VALIDATION_ERROR. */
typedef enum {
  /* An indicator has more votes than the scorecard has voting participants. */
  ISAF_SCORECARD_ERROR_TOO_MANY_VOTES,
  /* A facilitator (lead or other) is not a CAF of the register active on the day. */
  ISAF_SCORECARD_ERROR_FACILITATOR_NOT_ACTIVE,
  /* Marked done while a selected indicator has no suggested action. */
  ISAF_SCORECARD_ERROR_NO_SUGGESTION,
  /* Votes on an indicator that was not selected for scoring. */
  ISAF_SCORECARD_ERROR_NOT_SELECTED,
  /* The service unit or village is not (any more) in the commune's registry. */
  ISAF_SCORECARD_ERROR_NO_UNIT,
} IsafScorecardError;

/* What a scorecard_note is: strengths and weaknesses the meeting named, and the actions it
 * suggests. */
typedef enum {
  ISAF_NOTE_STRENGTH,
  ISAF_NOTE_WEAKNESS,
  ISAF_NOTE_SUGGESTION,
} IsafNoteKind;

#define ISAF_N_NOTE_KINDS (ISAF_NOTE_SUGGESTION + 1)

/* No score from this participant on this indicator. */
#define ISAF_NO_SCORE 0

/* One indicator of a scorecard, with its votes and notes. */
typedef struct {
  /* The scorecard_indicator row: position, indicator_code (NULL for citizens' own),
   * name_km, name_en, times_raised, is_selected. Its scorecard_id is set when saving. */
  IsafRecord *record;
  /* When the votes were typed one by one: a score (1–5) or ISAF_NO_SCORE for each
   * participant, in the order of IsafScorecard.participants (guint8). */
  GArray *scores;
  /* When the votes were counted by hand: how many gave each score. */
  IsafVoteCounts tally;
  /* The notes of each kind, in order (char *). */
  GPtrArray *notes[ISAF_N_NOTE_KINDS];
} IsafScorecardIndicator;

/* A community scorecard (CSC) or a self-assessment (SSA) with everything recorded about it. */
typedef struct {
  /* The cycle it belongs to, by its year: found, or created, when saving. */
  int year;
  /* The scorecard row: kind ("csc" or "ssa"), service_unit_id, village_id (commune-office
   * scorecards are held per village), held_on, place, lead_caf_id, status ("draft" or
   * "done"), notes. Its cycle_id is set when saving, from @year. */
  IsafRecord *record;
  /* IsafUuid of the other facilitators (caf rows), beside the lead. */
  GArray *facilitators;
  /* Participants recorded one by one (FALSE: as counts per category). */
  gboolean participants_one_by_one;
  /* The scorecard_participant rows: position, sex, age, is_youth, has_disability,
   * is_ethnic_minority, is_id_poor, is_anonymous. Used when @participants_one_by_one. */
  GPtrArray *participants;
  /* The tally sheet, used when not @participants_one_by_one: a count per category, or
   * ISAF_ATTENDANCE_NOT_COUNTED. Women and men make the total; everybody counted votes. */
  gint64 participant_counts[ISAF_N_ATTENDANCE];
  /* Votes typed per participant into the grid (IsafScorecardIndicator.scores), or counted
   * by hand per indicator (IsafScorecardIndicator.tally). Votes one by one need
   * participants one by one. */
  gboolean votes_one_by_one;
  /* IsafScorecardIndicator, in their order. */
  GPtrArray *indicators;
} IsafScorecard;

GQuark                  isaf_scorecard_error_quark          (void);

const char             *isaf_note_kind_get_name             (IsafNoteKind    kind);

IsafScorecard          *isaf_scorecard_new                  (int             year,
                                                             const char     *kind);
IsafScorecard          *isaf_scorecard_ref                  (IsafScorecard  *scorecard);
void                    isaf_scorecard_unref                (IsafScorecard  *scorecard);

/* Adds a participant (a new scorecard_participant row, at the next position) with
 * ISAF_NO_SCORE on every indicator, and returns its row. */
IsafRecord             *isaf_scorecard_add_participant      (IsafScorecard  *scorecard);
/* Removes participant @index, and the scores it gave. */
void                    isaf_scorecard_remove_participant   (IsafScorecard  *scorecard,
                                                             guint           index);
/* Adds an indicator (a new scorecard_indicator row, at the next position) with no votes and
 * no notes. @code is NULL for citizens' own indicators. */
IsafScorecardIndicator *isaf_scorecard_add_indicator        (IsafScorecard  *scorecard,
                                                             const char     *code,
                                                             const char     *name_km,
                                                             const char     *name_en);
/* Who may vote: participants recorded one by one who are not anonymous, or everybody on the
 * tally sheet (women and men). */
gint64                  isaf_scorecard_count_voters         (IsafScorecard  *scorecard);
/* The votes that count on one indicator: anonymous participants' scores left out. */
void                    isaf_scorecard_indicator_get_votes  (IsafScorecard  *scorecard,
                                                             IsafScorecardIndicator *indicator,
                                                             IsafVoteCounts *votes);

/* One user action: the scorecard, its facilitators, participants (or their tally),
 * indicators, votes (or their tally) and notes, and the year's cycle when it has none yet,
 * all saved in one transaction after every rule is checked, or nothing. Rows that were
 * saved before and are no longer in @scorecard are deleted. */
gboolean                isaf_scorecard_save                 (IsafStore      *store,
                                                             IsafScorecard  *scorecard,
                                                             GError        **error);
void                    isaf_scorecard_save_async           (IsafStore      *store,
                                                             IsafScorecard  *scorecard,
                                                             GCancellable   *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer        user_data);
gboolean                isaf_scorecard_save_finish          (IsafStore      *store,
                                                             GAsyncResult   *result,
                                                             GError        **error);

/* The scorecards of a cycle year, complete, by date then service unit. */
GPtrArray              *isaf_scorecard_list                 (IsafStore      *store,
                                                             int             year,
                                                             GError        **error);
void                    isaf_scorecard_list_async           (IsafStore      *store,
                                                             int             year,
                                                             GCancellable   *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer        user_data);
GPtrArray              *isaf_scorecard_list_finish          (IsafStore      *store,
                                                             GAsyncResult   *result,
                                                             GError        **error);

/* The same, for code already running on the database thread. */
gboolean                isaf_scorecard_write                (IsafDatabase   *database,
                                                             IsafScorecard  *scorecard,
                                                             GError        **error);
GPtrArray              *isaf_scorecard_read_year            (IsafDatabase   *database,
                                                             int             year,
                                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafScorecard, isaf_scorecard_unref)

/* The tables a scorecard is saved in, for announcing a change. */
extern const char * const isaf_scorecard_tables[8];

G_END_DECLS
