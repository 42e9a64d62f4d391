/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-scorecard-private.h"
#include "isaf-stage-rows.h"

/* The rules of a scorecard that span rows, checked on the database thread inside the
 * transaction that writes it, after each row's own fields were validated: the unit and the
 * village are in the commune's registry, the facilitators were active CAFs on the day, the
 * tally sheet adds up, every vote is on the scale, on a selected indicator, and no indicator
 * has more votes than there are people who may vote, and a finished scorecard suggests an
 * action for every indicator it scored. Each message says what to fix. */

/* Counts in messages are formatted first: a 64-bit format macro inside _() cannot be
 * translated. */
static char *
format_count (gint64 count)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

/* Unit and village ----------------------------------------------------------------------- */

/* The commune office's community scorecards are held village by village (DOMAIN.md, step 4):
 * they name the village, a village of this commune. No other scorecard names one. */
static gboolean
check_unit (IsafDatabase  *database,
            IsafScorecard *scorecard,
            GError       **error)
{
  const char *commune_code = isaf_database_get_commune_code (database);
  const IsafUuid *unit_id = isaf_record_get_reference (scorecard->record, "service_unit_id");
  const IsafUuid *village_id = isaf_record_get_reference (scorecard->record, "village_id");
  g_autoptr(IsafRecord) unit = NULL;
  g_autoptr(IsafRecord) village = NULL;
  gboolean per_village;

  if (!isaf_stage_read_live_row (database, "service_unit", unit_id, &unit, error))
    return FALSE;
  if (unit == NULL)
    {
      g_set_error_literal (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_UNIT,
                           _("The service unit of this scorecard is no longer in the commune’s "
                             "register. Choose the service unit again."));
      return FALSE;
    }

  per_village = g_strcmp0 (isaf_record_get_text (unit, "kind"), "commune_office") == 0
                && g_strcmp0 (isaf_record_get_text (scorecard->record, "kind"), "csc") == 0;
  if (per_village && village_id == NULL)
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_REQUIRED,
                           _("Choose the village where the scorecard meeting was held: the "
                             "commune office’s scorecards are held village by village."));
      return FALSE;
    }
  if (!per_village && village_id != NULL)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE,
                   _("Only the commune office’s community scorecards are held per village. "
                     "Leave the village of the scorecard of %s empty."),
                   isaf_record_get_text (unit, "name_km"));
      return FALSE;
    }
  if (village_id == NULL)
    return TRUE;

  if (!isaf_stage_read_live_row (database, "village", village_id, &village, error))
    return FALSE;
  if (village == NULL
      || !g_str_has_prefix (isaf_record_get_text (village, "code"), commune_code))
    {
      g_set_error_literal (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_UNIT,
                           _("The village of this scorecard is not in this commune’s list of "
                             "villages. Choose a village from the list."));
      return FALSE;
    }
  return TRUE;
}

/* Facilitators --------------------------------------------------------------------------- */

/* @caf_id is a CAF of the register, selected on or before @held_on and not gone before it. */
static gboolean
check_facilitator (IsafDatabase   *database,
                   const IsafUuid *caf_id,
                   const char     *held_on,
                   GError        **error)
{
  g_autoptr(IsafRecord) caf = NULL;
  const char *left_on, *selected_on, *name;

  if (!isaf_stage_read_live_row (database, "caf", caf_id, &caf, error))
    return FALSE;
  if (caf == NULL)
    {
      g_set_error_literal (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_FACILITATOR_NOT_ACTIVE,
                           _("A facilitator chosen for the meeting is no longer in the register "
                             "of CAFs. Choose the facilitators again."));
      return FALSE;
    }

  /* Dates are validated ISO dates, which sort as text. */
  name = isaf_record_get_text (caf, "name_km");
  left_on = isaf_record_get_text (caf, "left_on");
  selected_on = isaf_record_get_text (caf, "selected_on");
  if (left_on != NULL && strcmp (left_on, held_on) < 0)
    {
      g_set_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_FACILITATOR_NOT_ACTIVE,
                   _("%1$s stopped being a facilitator on %2$s, before the meeting on %3$s. "
                     "Choose facilitators who were active on the day."),
                   name, left_on, held_on);
      return FALSE;
    }
  if (selected_on != NULL && strcmp (selected_on, held_on) > 0)
    {
      g_set_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_FACILITATOR_NOT_ACTIVE,
                   _("%1$s was selected as a facilitator on %2$s, after the meeting on %3$s. "
                     "Check the dates."),
                   name, selected_on, held_on);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_facilitators (IsafDatabase  *database,
                    IsafScorecard *scorecard,
                    GError       **error)
{
  const char *held_on = isaf_record_get_text (scorecard->record, "held_on");
  const IsafUuid *lead = isaf_record_get_reference (scorecard->record, "lead_caf_id");

  if (lead != NULL && !check_facilitator (database, lead, held_on, error))
    return FALSE;
  for (guint i = 0; i < scorecard->facilitators->len; i++)
    if (!check_facilitator (database, &g_array_index (scorecard->facilitators, IsafUuid, i),
                            held_on, error))
      return FALSE;
  return TRUE;
}

/* Participants --------------------------------------------------------------------------- */

/* The tally sheet: no count negative, and youth, disability, ethnic minority and ID-Poor
 * each counted among the women and men. A category not counted is left out. */
static gboolean
check_participant_counts (IsafScorecard *scorecard,
                          GError       **error)
{
  const gint64 *counts = scorecard->participant_counts;
  gint64 total = MAX (counts[ISAF_ATTENDANCE_WOMEN], 0) + MAX (counts[ISAF_ATTENDANCE_MEN], 0);

  if (scorecard->participants_one_by_one)
    return TRUE;

  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (counts[i] != ISAF_ATTENDANCE_NOT_COUNTED
        && !isaf_attendance_check_count (i, counts[i], error))
      return FALSE;

  for (IsafAttendance i = ISAF_ATTENDANCE_YOUTH; i < ISAF_N_ATTENDANCE; i++)
    if (counts[i] > total)
      {
        g_autofree char *part = format_count (counts[i]);
        g_autofree char *sum = format_count (total);

        g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL,
                     _("%1$s (%2$s) cannot be more than the people who attended, women and "
                       "men together (%3$s). Check the counts."),
                     isaf_attendance_get_label (i), part, sum);
        return FALSE;
      }
  return TRUE;
}

/* Votes ---------------------------------------------------------------------------------- */

static gboolean
check_scores (IsafScorecard          *scorecard,
              IsafScorecardIndicator *indicator,
              GError                **error)
{
  const char *name = isaf_record_get_text (indicator->record, "name_km");

  for (guint i = 0; i < indicator->scores->len; i++)
    {
      guint8 score = g_array_index (indicator->scores, guint8, i);
      IsafRecord *participant = g_ptr_array_index (scorecard->participants, i);
      g_autofree char *number = NULL;
      g_autofree char *given = NULL;

      if (score == ISAF_NO_SCORE || (score >= ISAF_SCORE_MIN && score <= ISAF_SCORE_MAX))
        continue;

      number = format_count (isaf_record_get_integer (participant, "position"));
      given = format_count (score);
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_SCORE_RANGE,
                   _("Participant %1$s gave “%2$s” a score of %3$s. Enter a score from 1 "
                     "(very dissatisfied) to 5 (very satisfied), or leave it empty."),
                   number, name, given);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_tally (IsafScorecardIndicator *indicator,
             GError                **error)
{
  for (int score = ISAF_SCORE_MIN; score <= ISAF_SCORE_MAX; score++)
    if (indicator->tally.counts[score - ISAF_SCORE_MIN] < 0)
      {
        g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_NEGATIVE,
                     _("The number of votes for “%1$s” on “%2$s” cannot be negative. Enter 0 "
                       "or more."),
                     isaf_score_get_label (score),
                     isaf_record_get_text (indicator->record, "name_km"));
        return FALSE;
      }
  return TRUE;
}

/* Every participant who may vote scores every selected indicator once (DOMAIN.md, step 4):
 * an indicator not selected has no votes, and none has more votes than voters. Anonymous
 * participants do not count among the voters, and neither do the scores typed for them. */
static gboolean
check_votes (IsafScorecard *scorecard,
             GError       **error)
{
  gint64 voters = isaf_scorecard_count_voters (scorecard);

  if (scorecard->votes_one_by_one && !scorecard->participants_one_by_one)
    {
      g_set_error_literal (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_INVALID_CHOICE,
                           _("Votes typed one by one need the participants listed one by one. "
                             "List the participants, or enter how many people gave each "
                             "score."));
      return FALSE;
    }

  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);
      const char *name = isaf_record_get_text (indicator->record, "name_km");
      IsafVoteCounts votes;
      gint64 total;

      if (scorecard->votes_one_by_one ? !check_scores (scorecard, indicator, error)
                                      : !check_tally (indicator, error))
        return FALSE;

      isaf_scorecard_indicator_get_votes (scorecard, indicator, &votes);
      total = isaf_vote_counts_get_total (&votes);
      if (total > 0 && !isaf_record_get_boolean (indicator->record, "is_selected"))
        {
          g_set_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NOT_SELECTED,
                       _("“%s” has votes but was not selected for scoring. Select it, or "
                         "remove its votes."),
                       name);
          return FALSE;
        }
      if (total > voters)
        {
          g_autofree char *n_votes = format_count (total);
          g_autofree char *n_voters = format_count (voters);

          g_set_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_TOO_MANY_VOTES,
                       _("“%1$s” has %2$s votes, more than the %3$s participants who may vote "
                         "(anonymous participants do not vote). Check the votes and the "
                         "participants."),
                       name, n_votes, n_voters);
          return FALSE;
        }
    }
  return TRUE;
}

/* A finished scorecard suggests at least one action for each indicator it scored. */
static gboolean
check_suggestions (IsafScorecard *scorecard,
                   GError       **error)
{
  if (g_strcmp0 (isaf_record_get_text (scorecard->record, "status"), "done") != 0)
    return TRUE;

  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);

      if (isaf_record_get_boolean (indicator->record, "is_selected")
          && indicator->notes[ISAF_NOTE_SUGGESTION]->len == 0)
        {
          g_set_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_SUGGESTION,
                       _("Add at least one suggested action for “%s”, or keep the scorecard "
                         "as a draft: a finished scorecard suggests an action for every "
                         "indicator it scored."),
                       isaf_record_get_text (indicator->record, "name_km"));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
isaf_scorecard_check_rules (IsafDatabase  *database,
                            IsafScorecard *scorecard,
                            GError       **error)
{
  return check_unit (database, scorecard, error)
         && check_facilitators (database, scorecard, error)
         && check_participant_counts (scorecard, error)
         && check_votes (scorecard, error)
         && check_suggestions (scorecard, error);
}
