/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "isaf-awpb.h"
#include "isaf-database.h"

G_BEGIN_DECLS

/* The figures of the semi-annual and annual social accountability reports (DOMAIN.md, step 8),
 * computed on read from the store for one calendar period P = [start_on, end_on]: a half year
 * (January–June or July–December) or a year (January–December). Dates are ISO text and are
 * compared as text. Only live rows count (deleted = 0), and only when the rows they belong to
 * (their ISAF_COLUMN_PARENT columns: the cycle, the meeting, the scorecard, the service unit,
 * the parent action …) are live too.
 *
 * "Today" is the local date when the report is loaded; it is kept in the report.
 *
 * JAAP actions
 * - Counted actions: live jaap_action rows of a live cycle, every ancestor live, with no live
 *   child (headings only group actions), that belong to P:
 *     (start_on <= P.end AND (end_on >= P.start OR status as of P.start is open))
 *     OR (start_on IS NULL AND the cycle's year is P's year).
 *   An action that started before P and was still open when P began is carried over into P.
 * - Open: not_started or ongoing.
 * - Status as of a date D: when D >= today, the action's current status column; otherwise
 *   the status of its latest live jaap_status_change with changed_on <= D (on the same day,
 *   the greatest id), or not_started when it has none by D.
 * - The figures per status are the counted actions' statuses as of P.end.
 * - Overdue: a counted action with end_on < min (P.end, today) whose status as of P.end is
 *   open.
 * - share_completed_or_ongoing = (completed + ongoing) / total, only when there is at least
 *   one counted action (has_share); never a made-up 0.
 * - Costs: estimated_cost_riel and actual_cost_riel summed over the counted actions, a
 *   missing amount adding nothing.
 *
 * Meetings held in P (their held_on within P), of a live cycle:
 *   JAAPC meetings, I4C dissemination meetings, community scorecards (kind csc) and
 *   self-assessments (kind ssa) of a live service unit, whatever their status, interface
 *   meetings.
 *
 * Participation: everybody counted at those meetings, per source, never stored:
 * - dissemination: dissemination_attendance categories, one to one (women, men, youth,
 *   disability, ethnic_minority, id_poor); people = women + men.
 * - scorecards (csc and ssa alike): each live scorecard_participant row is one person, women
 *   for sex 'f', men for sex 'm' (neither when not recorded, but still one of the people),
 *   youth, disability, ethnic minority and ID-Poor from its is_youth, has_disability,
 *   is_ethnic_minority and is_id_poor flags; anonymous participants are people too. Plus the
 *   tally rows (scorecard_participant_tally) as for dissemination.
 * - interface: interface_attendance; women = citizen_women, men = citizen_men; people = every
 *   category (citizens, providers, council, CAFs, others). Groups are not recorded: 0.
 * - jaapc: the live committee members present (jaapc_attendance of a live member), women and
 *   men by the member's sex. Groups are not recorded: 0.
 * A category nobody counted adds nothing. The total is the sum over the sources; youth,
 * disability, ethnic minority and ID-Poor are among the people, not beside them.
 *
 * CAFs: a CAF is active in P when it is live, selected on or before P.end (or with no date),
 * and had not left by the start of P (left_on is empty or after P.start): it served at some
 * time in P. Of the active CAFs: the women, those with a live training in each module M1–M4
 * on or before P.end (or with no date), and those flagged as village officials or commune
 * assistants (is_village_official), a threat to impartiality.
 *
 * Budget: the live awpb_line rows of the live cycles of P's year; planned is amount_riel,
 * spent is spent_riel (missing: 0). A half year counts the lines of its quarters (1–2 or
 * 3–4); lines without a quarter are counted only in the annual report.
 *
 * I4C coverage for P's year: live service units, those of them with a live i4c_set of a live
 * cycle of the year (the set's year is its cycle's); live villages, those of them where a
 * dissemination meeting was held in P.
 */

typedef enum {
  ISAF_PERIOD_HALF_YEAR,
  ISAF_PERIOD_YEAR,
} IsafPeriodKind;

/* The sources of participation, in the order of IsafPeriodReport.participation. */
typedef enum {
  ISAF_PERIOD_SOURCE_DISSEMINATION,
  ISAF_PERIOD_SOURCE_SCORECARDS,
  ISAF_PERIOD_SOURCE_INTERFACE,
  ISAF_PERIOD_SOURCE_JAAPC,
} IsafPeriodSource;

#define ISAF_PERIOD_N_SOURCES (ISAF_PERIOD_SOURCE_JAAPC + 1)

/* The CAF training modules M1–M4. */
#define ISAF_PERIOD_N_TRAINING_MODULES 4

/* People at meetings; each group is counted among the people. */
typedef struct {
  gint64 people;
  gint64 women;
  gint64 men;
  gint64 youth;
  gint64 disability;
  gint64 ethnic_minority;
  gint64 id_poor;
} IsafPeriodParticipation;

typedef struct {
  gint64 planned_riel;
  gint64 spent_riel;
} IsafPeriodBudget;

typedef struct {
  IsafPeriodKind kind;
  int year;
  /* 1 (January–June) or 2 (July–December) for a half year, 0 for a year. */
  int half;
  /* P and the day it was computed on, YYYY-MM-DD. */
  char start_on[11];
  char end_on[11];
  char today[11];
  /* The commune's 6-digit code, or NULL when the database has no commune yet. */
  char *commune_code;

  /* JAAP actions counted in P, by their status as of P.end. */
  gint64 actions_total;
  gint64 actions_not_started;
  gint64 actions_ongoing;
  gint64 actions_completed;
  gint64 actions_cancelled;
  gint64 actions_overdue;
  /* By group: ក (outside resources, CIP) and ខ (providers and community). */
  gint64 actions_ka;
  gint64 actions_kha;
  gboolean has_share;
  double share_completed_or_ongoing;
  gint64 estimated_cost_riel;
  gint64 actual_cost_riel;

  /* Meetings held in P. */
  gint64 jaapc_meetings;
  gint64 jaapc_members_present;
  gint64 dissemination_meetings;
  gint64 community_scorecards;
  gint64 self_assessments;
  gint64 interface_meetings;

  /* Who took part in them, per IsafPeriodSource, and summed. */
  IsafPeriodParticipation participation[ISAF_PERIOD_N_SOURCES];
  IsafPeriodParticipation participation_total;

  /* Facilitators active in P. */
  gint64 cafs_active;
  gint64 cafs_women;
  /* Trained in M1 … M4 by P.end. */
  gint64 cafs_trained[ISAF_PERIOD_N_TRAINING_MODULES];
  gint64 cafs_village_officials;

  /* The year's AWPB lines that fall in P, per IsafAwpbCategory and
   * IsafFundSource, and in all. */
  IsafPeriodBudget budget_by_category[ISAF_N_AWPB_CATEGORIES];
  IsafPeriodBudget budget_by_source[ISAF_N_FUND_SOURCES];
  IsafPeriodBudget budget_total;

  /* I4C coverage. */
  gint64 service_units;
  gint64 service_units_with_i4c;
  gint64 villages;
  gint64 villages_reached;
} IsafPeriodReport;

/* The report of the half year of @year that contains @month (1–12), or of the whole @year
 * (@month ignored). A bad year or month is an ISAF_VALIDATION_ERROR; a commune without any
 * data gives a report of zeros without a share. */
IsafPeriodReport *isaf_period_report_load          (IsafDatabase         *database,
                                                    IsafPeriodKind        kind,
                                                    int                   year,
                                                    int                   month,
                                                    GError              **error);
void              isaf_period_report_load_async    (IsafDatabase         *database,
                                                    IsafPeriodKind        kind,
                                                    int                   year,
                                                    int                   month,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
IsafPeriodReport *isaf_period_report_load_finish   (IsafDatabase         *database,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void              isaf_period_report_free          (IsafPeriodReport     *report);

/* The names the database and the CSV use: "dissemination", "jaapc_meetings",
 * "commune_fund" … */
const char       *isaf_period_source_get_key       (IsafPeriodSource     source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IsafPeriodReport, isaf_period_report_free)

G_END_DECLS
